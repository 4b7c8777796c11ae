import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createEngine, type Engine, type Evaluation } from '../src/core/engine';
import type { AmbientState } from '../src/core/model';
import { loadPolicy, type Policy } from '../src/core/policy/load';
import { loadBashParser } from '../src/node/parser';
import type { ReadFile } from '../src/core/tasks/files';
import type { CredentialLookup } from '../src/core/credentials/known';
import type { FileSystemView } from '../src/core/secretReads';

/**
 * The repository root, found from here whether this runs from source or from a bundle in dist/
 * (which has a package.json of its own, so the folder must hold the tests too).
 */
export const repoRoot = (() => {
  let dir = __dirname;
  while (!(existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'test'))) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
})();

/** The folder the fixture policy pretends to live in; corpus `cwd` values are relative to it. */
export const fixtureRoot = '/home/dev/acme';
export const fixtureHome = '/home/dev';

let enginePromise: Promise<Engine> | undefined;
export function engine(): Promise<Engine> {
  enginePromise ??= loadBashParser().then(createEngine);
  return enginePromise;
}

const policies = new Map<string, Policy>();
/** A policy from test/fixtures, parsed once; throws with its diagnostics when it is broken. */
export function fixturePolicy(name = 'policy.yaml'): Policy {
  let policy = policies.get(name);
  if (!policy) {
    const file = join(repoRoot, 'test', 'fixtures', name);
    const result = loadPolicy(readFileSync(file, 'utf8'), file, fixtureRoot);
    if (!result.policy) throw new Error(`fixture ${name} is broken: ${JSON.stringify(result.diagnostics)}`);
    policy = result.policy;
    policies.set(name, policy);
  }
  return policy;
}

export interface CheckOptions {
  active?: string;
  env?: Record<string, string>;
  ambient?: AmbientState;
  /** Relative to fixtureRoot, or absolute. */
  cwd?: string;
  /** package.json scripts: a package.json in the fixture root. */
  scripts?: Record<string, string>;
  /**
   * Workspace files by path (relative to fixtureRoot, or absolute): `{ Makefile: "deploy:\n\t…" }`.
   * They are also the disk that globs expand over and recursive reads walk (`grep -r TOKEN .`),
   * with nothing in it ignored by git.
   */
  files?: Record<string, string>;
  policy?: string;
  /**
   * Credential values the environments hold, by value: `{ "8f2b…": "production" }`. The lookup
   * answers as the fingerprints would, with the environment's first secret file as the source.
   */
  credentials?: Record<string, string>;
}

/** Evaluates one line against the fixture policy the way the corpus does. */
export async function check(cmd: string, options: CheckOptions = {}): Promise<Evaluation> {
  const cwd = options.cwd ? (options.cwd.startsWith('/') ? options.cwd : join(fixtureRoot, options.cwd)) : fixtureRoot;
  return (await engine()).evaluate(cmd, {
    policy: fixturePolicy(options.policy),
    active: options.active,
    env: { HOME: fixtureHome, PATH: '/usr/local/bin:/usr/bin:/bin', ...options.env },
    cwd,
    ambient: options.ambient ?? {},
    readFile: workspaceReader(options),
    files: options.files ? workspaceView(Object.keys(options.files)) : undefined,
    credentials: options.credentials ? knownCredentials(options.credentials, fixturePolicy(options.policy)) : undefined,
  });
}

function knownCredentials(values: Record<string, string>, policy: Policy): CredentialLookup {
  return (value) => {
    const environment = values[value];
    if (environment === undefined) return undefined;
    return { environment, source: policy.byName.get(environment)?.secrets[0]?.pattern ?? environment };
  };
}

/** The case's files as folders to list: each folder holds the names of the paths below it. */
function workspaceView(paths: readonly string[]): FileSystemView {
  const absolute = paths.map((p) => (p.startsWith('/') ? p : join(fixtureRoot, p)));
  return {
    list: (dir) => {
      const prefix = dir.endsWith('/') ? dir : `${dir}/`;
      const entries = new Map<string, boolean>();
      for (const path of absolute) {
        if (!path.startsWith(prefix)) continue;
        const rest = path.slice(prefix.length);
        const slash = rest.indexOf('/');
        entries.set(slash < 0 ? rest : rest.slice(0, slash), slash >= 0 || entries.get(rest) === true);
      }
      if (entries.size === 0) return 'missing';
      return [...entries].map(([name, directory]) => ({ name, directory, symlink: false }));
    },
    gitIgnored: () => false,
    gitTracked: () => true,
    bound: 'the files of the case',
  };
}

function workspaceReader(options: CheckOptions): ReadFile {
  const files = new Map<string, string>();
  if (options.scripts) files.set(join(fixtureRoot, 'package.json'), JSON.stringify({ scripts: options.scripts }));
  for (const [path, text] of Object.entries(options.files ?? {})) files.set(path.startsWith('/') ? path : join(fixtureRoot, path), text);
  return (path) => {
    const text = files.get(path);
    return text === undefined ? { error: 'missing', message: 'the file does not exist' } : { text };
  };
}
