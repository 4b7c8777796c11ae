import { cloudPacks } from './groups/cloud';
import { databasePacks } from './groups/databases';
import { httpPacks } from './groups/http';
import { iacPacks } from './groups/iac';
import { localPacks, remoteToolPacks } from './groups/local';
import { messagingPacks } from './groups/messaging';
import { orchestrationPacks } from './groups/orchestration';
import { platformPacks } from './groups/platforms';
import { storageAndBackupPacks } from './groups/storage';
import { kubectlPack, kubectxPack } from './kubectl';
import type { Pack, RunnerSpec } from './pack';
import { runners } from './runners';

/** Every built-in pack. Each group lives in its own module under `groups/`. */
export const packs: readonly Pack[] = [
  kubectlPack,
  kubectxPack,
  ...iacPacks,
  ...cloudPacks,
  ...platformPacks,
  ...databasePacks,
  ...storageAndBackupPacks,
  ...orchestrationPacks,
  ...messagingPacks,
  ...localPacks,
  ...httpPacks,
];

const byProgram = new Map<string, Pack>();
for (const pack of packs) {
  for (const program of pack.programs) {
    if (byProgram.has(program)) throw new Error(`two packs claim the program ${program}: ${byProgram.get(program)?.id} and ${pack.id}`);
    byProgram.set(program, pack);
  }
}

export function packFor(program: string): Pack | undefined {
  return byProgram.get(program) ?? byProgram.get(program.toLowerCase());
}

const byPackage = new Map<string, string>();
for (const pack of packs) for (const name of pack.packages ?? []) byPackage.set(name, pack.programs[0]);

/** The program an npm package installs, when its pack says the names differ (`@railway/cli` → `railway`). */
export function packageBinary(name: string): string | undefined {
  return byPackage.get(name);
}

const runnersByProgram = new Map<string, RunnerSpec[]>();
for (const runner of runners) {
  for (const program of runner.programs) runnersByProgram.set(program, [...runnersByProgram.get(program) ?? [], runner]);
}

/** How a program runs another command on this machine (`doppler run -- cmd`), if it does. */
export function runnersFor(program: string): readonly RunnerSpec[] {
  return runnersByProgram.get(program) ?? [];
}

/** Every target kind some pack can name, for the policy loader. */
export const packTargetKinds: ReadonlySet<string> = new Set(packs.flatMap((p) => p.targetKinds));

const localPackIds = new Set(localPacks.filter((p) => !remoteToolPacks.includes(p)).map((p) => p.id));

/** Programs whose mere mention in a line that does not parse makes the line suspicious. */
export const guardedPrograms: ReadonlySet<string> = new Set(
  packs.filter((p) => !localPackIds.has(p.id)).flatMap((p) => p.programs),
);
