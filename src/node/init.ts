/**
 * What a workspace uses, for its first policy: platform files, Terraform roots and workspaces, kube
 * contexts, Pulumi stacks, `.env.*` files, compose files and ORM datasources. Every walk and read is
 * bounded; a file that cannot be read is skipped and said so, never fatal.
 */
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, delimiter, dirname, join, relative } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { type Finding, renderStarterPolicy, type Stage, stageOf } from '../core/policy/starter';
import { readBoundedText } from './boundedRead';
import { policyFileName } from './policyFile';

/** Folders the walk never enters: dependencies, build output, VCS data. */
const skipped = new Set(['node_modules', '.git', 'dist', 'build', 'out', 'vendor', '.venv', 'venv', '__pycache__', '.next', '.terraform', 'target', '.cache']);
const maxDepth = 5;
const maxEntries = 20_000;
const maxFileBytes = 256 * 1024;

export interface Detection {
  readonly findings: Finding[];
  /** What was looked for, for the policy's last comment. */
  readonly looked: string[];
  /** Files that could not be read, and bounds that were hit. */
  readonly problems: string[];
}

export interface DetectOptions {
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly home?: string;
}

interface Walked {
  readonly files: string[];
  readonly dirs: string[];
  readonly truncated: boolean;
}

function walk(root: string): Walked {
  const files: string[] = [];
  const dirs: string[] = [];
  let entries = 0;
  let truncated = false;
  const visit = (dir: string, depth: number) => {
    let names: import('node:fs').Dirent[];
    try {
      names = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const d of names) {
      if (++entries > maxEntries) {
        truncated = true;
        return;
      }
      const path = join(dir, d.name);
      if (d.isDirectory()) {
        if (skipped.has(d.name)) continue;
        dirs.push(relative(root, path));
        if (depth < maxDepth) visit(path, depth + 1);
      } else if (d.isFile()) files.push(relative(root, path));
    }
  };
  visit(root, 0);
  return { files, dirs, truncated };
}

const read = (root: string, rel: string) => readBoundedText(join(root, rel), maxFileBytes);
const posix = (rel: string) => rel.split('\\').join('/');

/** Everything the workspace at `root` says about its environments. */
export function detectWorkspace(root: string, options: DetectOptions = {}): Detection {
  const env = options.env ?? process.env;
  const findings: Finding[] = [];
  const problems: string[] = [];
  const add = (kind: string, value: string, source: string, stage: Stage | undefined = stageOf(value)) => {
    if (value) findings.push({ kind, value, source, stage });
  };
  const { files, dirs, truncated } = walk(root);
  if (truncated) problems.push(`the workspace has more than ${maxEntries} entries; only the first were looked at`);
  const named = (pattern: RegExp) => files.filter((f) => pattern.test(basename(f)));

  // Railway: environments named in railway.json / railway.toml; a linked project's default is production.
  for (const file of named(/^railway\.(json|toml)$/)) {
    const text = read(root, file) ?? '';
    const names = new Set<string>();
    if (file.endsWith('.json')) {
      try {
        const parsed = JSON.parse(text) as { environments?: Record<string, unknown> };
        for (const name of Object.keys(parsed.environments ?? {})) names.add(name);
      } catch {
        problems.push(`${file} is not valid JSON`);
      }
    } else for (const m of text.matchAll(/^\s*\[environments\.([A-Za-z0-9_-]+)/gm)) names.add(m[1]);
    for (const name of names) add('railway-environment', name, `${posix(file)} (environments)`);
    if (names.size === 0) add('railway-environment', 'production', `${posix(file)}: Railway names a project's first environment production`, 'production');
  }

  // Terraform: roots (folders holding .tf files) named after an environment are path targets; workspaces.
  const tfRoots = [...new Set(files.filter((f) => f.endsWith('.tf')).map((f) => dirname(f)))];
  for (const dir of tfRoots) {
    const stage = dir === '.' ? undefined : stageOf(basename(dir)) ?? stageOf(dir);
    if (stage && dir !== '.') add('path', `${posix(dir)}/**`, `Terraform root ${posix(dir)}`, stage);
    const selected = readBoundedText(join(root, dir, '.terraform', 'environment'), 4096)?.trim();
    if (selected) add('terraform-workspace', selected, `the workspace selected in ${posix(join(dir, '.terraform/environment'))}`);
  }
  for (const dir of dirs.filter((d) => basename(dirname(d)) === 'terraform.tfstate.d')) {
    add('terraform-workspace', basename(dir), `Terraform workspace in ${posix(dir)}`);
  }

  // Pulumi stacks: Pulumi.<stack>.yaml beside Pulumi.yaml.
  for (const file of named(/^Pulumi\.(.+)\.ya?ml$/)) {
    const stack = /^Pulumi\.(.+)\.ya?ml$/.exec(basename(file))![1];
    add('pulumi-stack', stack, `Pulumi stack file ${posix(file)}`);
  }

  // Fly, Vercel, Netlify, Supabase.
  for (const file of named(/^fly(\.[A-Za-z0-9_-]+)?\.toml$/)) {
    const app = /^\s*app\s*=\s*["']([^"']+)["']/m.exec(read(root, file) ?? '')?.[1];
    if (app) add('app', app, `app in ${posix(file)}`, stageOf(app) ?? stageOf(basename(file)));
  }
  for (const file of named(/^project\.json$/).filter((f) => basename(dirname(f)) === '.vercel')) {
    try {
      const project = JSON.parse(read(root, file) ?? '{}') as { projectName?: string; projectId?: string };
      if (project.projectName) add('app', project.projectName, `Vercel project linked in ${posix(file)}`);
    } catch {
      problems.push(`${file} is not valid JSON`);
    }
  }
  for (const file of named(/^vercel\.json$/)) {
    try {
      const name = (JSON.parse(read(root, file) ?? '{}') as { name?: string }).name;
      if (name) add('app', name, `name in ${posix(file)}`);
    } catch {
      problems.push(`${file} is not valid JSON`);
    }
  }
  for (const file of named(/^state\.json$/).filter((f) => basename(dirname(f)) === '.netlify')) {
    try {
      const site = (JSON.parse(read(root, file) ?? '{}') as { siteId?: string }).siteId;
      if (site) add('app', site, `Netlify site linked in ${posix(file)} (netlify deploy --prod acts on its production context)`);
    } catch {
      problems.push(`${file} is not valid JSON`);
    }
  }
  for (const file of files.filter((f) => posix(f).endsWith('supabase/.temp/project-ref'))) {
    const ref = read(root, file)?.trim();
    if (ref && /^[a-z0-9]{6,40}$/.test(ref)) add('supabase-project', ref, `the Supabase project linked in ${posix(file)}`);
  }
  for (const file of files.filter((f) => posix(f).endsWith('supabase/config.toml'))) {
    const id = /^\s*project_id\s*=\s*["']([^"']+)["']/m.exec(read(root, file) ?? '')?.[1];
    if (id) add('supabase-project', id, `project_id in ${posix(file)} (the local stack's name)`, stageOf(id) ?? 'local');
  }

  // .env.* files: each is a secret of the environment its name says; values and names tell more.
  const envFiles = named(/^\.env\.[A-Za-z0-9_.-]+$/).filter((f) => !/\.(example|sample|template|dist|defaults)$/i.test(f));
  const variables = new Map<string, Set<Stage>>();
  const datasources = ormDatasources(root, files);
  for (const file of envFiles) {
    const stage = stageOf(basename(file).slice('.env.'.length));
    add('secrets', posix(file), `a .env file ${stage ? `of ${stage}` : 'whose name names no environment'}`, stage);
    if (!stage) continue;
    for (const [name, value] of dotenvEntries(read(root, file) ?? '')) {
      if (!variables.has(name)) variables.set(name, new Set());
      variables.get(name)!.add(stage);
      const url = urlOf(value);
      if (url && stage !== 'local' && !/^(localhost|127\.|0\.0\.0\.0|\[?::1|host\.docker\.internal)/.test(url.hostname)) {
        const orm = datasources.get(name);
        add('host', url.hostname, `${name} in ${posix(file)}${orm ? ` (the datasource of ${orm})` : ''}`, stage);
      }
    }
  }
  // A credential-looking variable only one environment's file sets carries that environment's power.
  for (const [name, where] of variables) {
    // DATABASE_URL and its kind name a different database in each terminal: only a name with an environment in it is one's own.
    const credential = /(TOKEN|SECRET|API_?KEY|PASSWORD)$/i.test(name) || (/(DATABASE_URL|_DSN)$/i.test(name) && stageOf(name.replace(/_/g, '-')) !== undefined);
    if (where.size !== 1 || !credential) continue;
    const [stage] = [...where];
    if (stage !== 'local') add('credentials', name, `set only in the .env file of ${stage}`, stage);
  }

  // Compose files: the env_file entries they load are secrets of the environment the file names.
  for (const file of named(/^(docker-)?compose([.-][A-Za-z0-9_-]+)?\.ya?ml$/)) {
    let doc: unknown;
    try {
      doc = parseYaml(read(root, file) ?? '');
    } catch {
      problems.push(`${file} is not valid YAML`);
      continue;
    }
    const services = (doc as { services?: Record<string, { env_file?: unknown }> } | null)?.services ?? {};
    for (const service of Object.values(services)) {
      const list = typeof service?.env_file === 'string' ? [service.env_file] : Array.isArray(service?.env_file) ? service.env_file : [];
      for (const entry of list) {
        const path = typeof entry === 'string' ? entry : typeof entry?.path === 'string' ? entry.path : undefined;
        if (!path || !/\.env/.test(path)) continue;
        const rel = posix(join(dirname(file), path));
        add('secrets', rel, `env_file of ${posix(file)}`, stageOf(basename(path)) ?? stageOf(basename(file)));
      }
    }
  }

  // Kube contexts of the kubeconfig in effect.
  const kubeconfigs = env.KUBECONFIG ? env.KUBECONFIG.split(delimiter).filter(Boolean) : [join(options.home ?? homedir(), '.kube', 'config')];
  for (const file of kubeconfigs) {
    if (!existsSync(file)) continue;
    const text = readBoundedText(file);
    if (text === undefined) {
      problems.push(`${file} could not be read`);
      continue;
    }
    let doc: unknown;
    try {
      doc = parseYaml(text);
    } catch {
      problems.push(`${file} is not valid YAML`);
      continue;
    }
    const contexts = (doc as { contexts?: { name?: unknown }[] } | null)?.contexts;
    for (const c of Array.isArray(contexts) ? contexts : []) {
      if (typeof c?.name === 'string') add('kube-context', c.name, `a context in ${file.startsWith(options.home ?? homedir()) ? `~${file.slice((options.home ?? homedir()).length)}` : file}`);
    }
  }

  const looked = ['railway.json/railway.toml', 'Terraform roots and workspaces', 'Pulumi stacks', 'fly.toml', 'vercel.json and .vercel', 'netlify.toml and .netlify',
    'supabase/config.toml', '.env.* files', 'compose files', 'ORM datasources (Prisma, Drizzle, Rails, Django)', 'kube contexts'];
  if (named(/^netlify\.toml$/).length > 0 && !findings.some((f) => f.source.includes('Netlify'))) problems.push('netlify.toml found, but no linked site (.netlify/state.json) to name');
  return { findings, looked, problems };
}

/** Which variable each ORM's datasource reads its URL from, and where that is said. */
function ormDatasources(root: string, files: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  const note = (name: string, file: string) => { if (!out.has(name)) out.set(name, posix(file)); };
  for (const file of files.filter((f) => f.endsWith('.prisma'))) {
    for (const m of (read(root, file) ?? '').matchAll(/\burl\s*=\s*env\(\s*"([A-Za-z_][A-Za-z0-9_]*)"\s*\)/g)) note(m[1], file);
  }
  for (const file of files.filter((f) => /^drizzle\.config\.[cm]?[jt]s$/.test(basename(f)) || /^knexfile\.[cm]?[jt]s$/.test(basename(f)) || /^ormconfig\.[a-z]+$/.test(basename(f)))) {
    for (const m of (read(root, file) ?? '').matchAll(/process\.env\.([A-Za-z_][A-Za-z0-9_]*)/g)) note(m[1], file);
  }
  for (const file of files.filter((f) => posix(f).endsWith('config/database.yml') || basename(f) === 'settings.py')) {
    for (const m of (read(root, file) ?? '').matchAll(/ENV\[['"]([A-Za-z_][A-Za-z0-9_]*)['"]\]|environ(?:\.get)?\(\s*['"]([A-Za-z_][A-Za-z0-9_]*)['"]|ENV\.fetch\(['"]([A-Za-z_][A-Za-z0-9_]*)['"]/g)) {
      note(m[1] ?? m[2] ?? m[3], file);
    }
  }
  return out;
}

function dotenvEntries(text: string): [string, string][] {
  const out: [string, string][] = [];
  for (const line of text.split(/\r?\n/).slice(0, 2000)) {
    const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/.exec(line);
    if (m) out.push([m[1], m[2].replace(/^(['"])(.*)\1$/, '$2')]);
  }
  return out;
}

function urlOf(value: string): URL | undefined {
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) return undefined;
  try {
    const url = new URL(value);
    return url.hostname ? url : undefined;
  } catch {
    return undefined;
  }
}

export interface InitResult {
  readonly file: string;
  readonly text: string;
  /** False when a policy already existed and was left alone. */
  readonly written: boolean;
  readonly detection: Detection;
}

/** Writes `.bulkhead.yaml` at `root` from what the workspace uses; an existing file is never overwritten unless `force`. */
export function initPolicy(root: string, options: DetectOptions & { force?: boolean; dryRun?: boolean } = {}): InitResult {
  const file = join(root, policyFileName);
  const detection = detectWorkspace(root, options);
  const text = renderStarterPolicy(detection.findings, detection.looked);
  if (options.dryRun || (existsSync(file) && !options.force)) return { file, text, written: false, detection };
  writeFileSync(file, text, { encoding: 'utf8', flag: options.force ? 'w' : 'wx' });
  return { file, text, written: true, detection };
}
