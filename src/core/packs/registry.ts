import { cloudPacks } from './groups/cloud';
import { databasePacks } from './groups/databases';
import { httpPacks } from './groups/http';
import { iacPacks } from './groups/iac';
import { localPacks, remoteToolPacks } from './groups/local';
import { messagingPacks } from './groups/messaging';
import { orchestrationPacks } from './groups/orchestration';
import { platformPacks } from './groups/platforms';
import { storageAndBackupPacks } from './groups/storage';
import { kubectlPack } from './kubectl';
import type { Pack } from './pack';

/** Every built-in pack. Each group lives in its own module under `groups/`. */
export const packs: readonly Pack[] = [
  kubectlPack,
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

/** Every target kind some pack can name, for the policy loader. */
export const packTargetKinds: ReadonlySet<string> = new Set(packs.flatMap((p) => p.targetKinds));

const localPackIds = new Set(localPacks.filter((p) => !remoteToolPacks.includes(p)).map((p) => p.id));

/** Programs whose mere mention in a line that does not parse makes the line suspicious. */
export const guardedPrograms: ReadonlySet<string> = new Set(
  packs.filter((p) => !localPackIds.has(p.id)).flatMap((p) => p.programs),
);
