/**
 * Which programs get a shim, and writing the guard's files to disk. No vscode import.
 */
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { guardedPrograms } from '../../core/packs/registry';
import { bashEnvScript, clientScript, shimDirPrefix, shimScript } from './scripts';

/**
 * Interpreters the packs look into (`python manage.py migrate`) but that every tool and script runs
 * all the time: a shim would put a Node start in front of each. The BASH_ENV trap and observation
 * still see them in command lines.
 */
const notShimmed = /^(python[0-9.]*|pypy[0-9.]*|php|node|bash|sh|zsh)$/;
/** Local tools whose mistakes are expensive enough to shim anyway (volumes, images, whole systems). */
const localShimmed = ['docker', 'docker-compose', 'podman', 'podman-compose', 'nerdctl'];

/** The programs that get a shim: every infrastructure CLI the packs know, plus the container tools. */
export function guardedProgramList(): string[] {
  return [...new Set([...guardedPrograms, ...localShimmed])].filter((p) => /^[A-Za-z0-9_.+-]+$/.test(p) && !notShimmed.test(p)).sort();
}

export interface GuardFiles {
  readonly shimDir: string;
  readonly bashEnv: string;
  readonly client: string;
  readonly programs: readonly string[];
}

/**
 * Writes the shims, the client and the BASH_ENV script under `base`, in a directory named by a hash
 * of their contents, so windows of the same version share it and an upgrade never edits a file a
 * running shell is reading.
 */
export function writeGuardFiles(base: string, programs: readonly string[]): GuardFiles {
  const client = clientScript();
  const bash = bashEnvScript(programs);
  const shims = programs.map((p) => [p, shimScript(p)] as const);
  const hash = createHash('sha256').update(client).update(bash);
  for (const [p, s] of shims) hash.update(p).update(s);
  const id = hash.digest('hex').slice(0, 12);
  const root = join(base, `guard-${id}`);
  const shimDir = join(root, `${shimDirPrefix}`);
  const files: GuardFiles = { shimDir, bashEnv: join(root, 'bash-env.sh'), client: join(root, 'client.js'), programs };
  if (!existsSync(join(root, '.complete'))) {
    const tmp = `${root}.tmp-${process.pid}`;
    rmSync(tmp, { recursive: true, force: true });
    mkdirSync(join(tmp, shimDirPrefix), { recursive: true });
    for (const [p, s] of shims) writeFileSync(join(tmp, shimDirPrefix, p), s, { mode: 0o755 });
    writeFileSync(join(tmp, 'bash-env.sh'), bash, { mode: 0o644 });
    writeFileSync(join(tmp, 'client.js'), client, { mode: 0o644 });
    writeFileSync(join(tmp, '.complete'), id);
    chmodSync(tmp, 0o755);
    try {
      renameSync(tmp, root);
    } catch {
      // Another window won the race; its files are identical.
      rmSync(tmp, { recursive: true, force: true });
    }
  }
  // Old versions are left for shells that still use them, but not forever: keep the newest few.
  try {
    const old = readdirSync(base).filter((d) => d.startsWith('guard-') && d !== `guard-${id}` && !d.includes('.tmp-'));
    for (const d of old.slice(0, Math.max(0, old.length - 3))) rmSync(join(base, d), { recursive: true, force: true });
  } catch { /* best effort */ }
  return files;
}

