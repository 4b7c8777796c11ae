import { existsSync, statSync } from 'node:fs';
import { readBoundedText } from './boundedRead';
import { homedir } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';
import type { AmbientState } from '../core/model';

type Env = Readonly<Record<string, string | undefined>>;

/**
 * State on this machine that decides where a command lands when the command itself does not
 * say: the kubeconfig's current-context, the Terraform workspace selected in the directory, the
 * Railway environment the directory is linked to, the active gcloud project, the Docker context.
 * Every reader tolerates missing or malformed files: an unreadable fact is simply absent, which
 * the engine reports as an unknown target.
 */
export function readAmbient(cwd: string, env: Env): AmbientState {
  const home = env.HOME || homedir();
  const readers: Record<string, () => string | undefined> = {
    'kube-context': () => kubeContext(env, home),
    'terraform-workspace': () => terraformWorkspace(cwd, env),
    'railway-environment': () => railwayEnvironment(cwd, home),
    'gcp-project': () => gcloudProject(env, home),
    'docker-context': () => dockerContext(env, home),
    'azure-subscription': () => azureSubscription(env, home),
    'pulumi-stack': () => pulumiStack(cwd, env, home),
    account: () => doctlContext(env, home),
  };
  // Each fact is read when a command first asks for it, once: `kubectl get pods` needs the
  // kubeconfig and none of the other tools' files.
  const state: Record<string, string | undefined> = {};
  for (const [kind, read] of Object.entries(readers)) {
    let value: { readonly fact: string | undefined } | undefined;
    Object.defineProperty(state, kind, { enumerable: true, get: () => (value ??= { fact: read() }).fact });
  }
  return state;
}

/** The default subscription of the Azure CLI (`az account set`), by name. */
function azureSubscription(env: Env, home: string): string | undefined {
  if (env.AZURE_SUBSCRIPTION_ID) return env.AZURE_SUBSCRIPTION_ID;
  const text = read(join(env.AZURE_CONFIG_DIR || join(home, '.azure'), 'azureProfile.json'));
  if (!text) return undefined;
  try {
    // The Azure CLI writes this file with a byte-order mark.
    const profile = JSON.parse(text.replace(/^\uFEFF/, '')) as { subscriptions?: { name?: string; id?: string; isDefault?: boolean }[] };
    const chosen = profile.subscriptions?.find((s) => s.isDefault);
    return chosen?.name ?? chosen?.id;
  } catch {
    return undefined;
  }
}

/** doctl's current authentication context (`doctl auth switch`). */
function doctlContext(env: Env, home: string): string | undefined {
  if (env.DIGITALOCEAN_CONTEXT) return env.DIGITALOCEAN_CONTEXT;
  const text = read(join(env.XDG_CONFIG_HOME || join(home, '.config'), 'doctl', 'config.yaml'));
  const m = text && /^context:[ \t]*["']?([^"'\s#]+)/m.exec(text);
  return m ? m[1] : undefined;
}

/**
 * The stack `pulumi stack select` chose for the project around `cwd`: Pulumi keeps it in
 * ~/.pulumi/workspaces/<project>-<sha1 of the Pulumi.yaml path>-workspace.json.
 */
function pulumiStack(cwd: string, env: Env, home: string): string | undefined {
  if (env.PULUMI_STACK) return env.PULUMI_STACK;
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    for (const name of ['Pulumi.yaml', 'Pulumi.yml']) {
      const file = join(dir, name);
      if (!existsSync(file)) continue;
      const project = /^name:[ \t]*["']?([^"'\s#]+)/m.exec(read(file) ?? '')?.[1];
      if (!project) return undefined;
      // Required here: only a Pulumi project needs SHA-1, and loading node:crypto would cost every hook call.
      const { createHash } = require('node:crypto') as typeof import('node:crypto');
      const hash = createHash('sha1').update(file).digest('hex');
      const workspace = read(join(env.PULUMI_HOME || join(home, '.pulumi'), 'workspaces', `${project}-${hash}-workspace.json`));
      try {
        return workspace ? (JSON.parse(workspace) as { stack?: string }).stack : undefined;
      } catch {
        return undefined;
      }
    }
    if (dirname(dir) === dir) return undefined;
  }
}

/** Kubeconfigs with many clusters and inline certificates run to megabytes; the rest are small. */
const maxKubeconfigBytes = 8 * 1024 * 1024;

function read(file: string, maxBytes?: number): string | undefined {
  return readBoundedText(file, maxBytes);
}

function kubeContext(env: Env, home: string): string | undefined {
  const files = env.KUBECONFIG ? env.KUBECONFIG.split(delimiter).filter(Boolean) : [join(home, '.kube', 'config')];
  for (const file of files) {
    const text = read(file, maxKubeconfigBytes);
    const m = text && /^current-context:[ \t]*(?:"([^"]*)"|'([^']*)'|([^\s#]+))/m.exec(text);
    if (m) return m[1] ?? m[2] ?? m[3];
  }
  return undefined;
}

function terraformWorkspace(cwd: string, env: Env): string | undefined {
  if (env.TF_WORKSPACE) return env.TF_WORKSPACE;
  const dataDir = env.TF_DATA_DIR ? resolve(cwd, env.TF_DATA_DIR) : join(cwd, '.terraform');
  const selected = read(join(dataDir, 'environment'))?.trim();
  if (selected) return selected;
  try {
    return statSync(dataDir).isDirectory() ? 'default' : undefined;
  } catch {
    return undefined;
  }
}

/** Railway keeps linked projects in ~/.railway/config.json, keyed by the linked directory. */
function railwayEnvironment(cwd: string, home: string): string | undefined {
  const text = read(join(home, '.railway', 'config.json'));
  if (!text) return undefined;
  let projects: Record<string, { environmentName?: string; environment?: string }> | undefined;
  try {
    projects = (JSON.parse(text) as { projects?: typeof projects }).projects;
  } catch {
    return undefined;
  }
  if (!projects) return undefined;
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    const linked = projects[dir];
    if (linked) return linked.environmentName ?? linked.environment;
    if (dirname(dir) === dir) return undefined;
  }
}

function gcloudProject(env: Env, home: string): string | undefined {
  if (env.CLOUDSDK_CORE_PROJECT) return env.CLOUDSDK_CORE_PROJECT;
  const configDir = env.CLOUDSDK_CONFIG || join(home, '.config', 'gcloud');
  const active = env.CLOUDSDK_ACTIVE_CONFIG_NAME || read(join(configDir, 'active_config'))?.trim() || 'default';
  const ini = read(join(configDir, 'configurations', `config_${active}`));
  if (!ini) return undefined;
  let section = '';
  for (const line of ini.split(/\r?\n/)) {
    const header = /^\s*\[([^\]]+)\]/.exec(line);
    if (header) section = header[1].trim();
    const m = /^\s*project\s*=\s*(\S+)/.exec(line);
    if (m && section === 'core') return m[1];
  }
  return undefined;
}

function dockerContext(env: Env, home: string): string | undefined {
  if (env.DOCKER_CONTEXT) return env.DOCKER_CONTEXT;
  const text = read(join(env.DOCKER_CONFIG || join(home, '.docker'), 'config.json'));
  if (!text) return undefined;
  try {
    return (JSON.parse(text) as { currentContext?: string }).currentContext;
  } catch {
    return undefined;
  }
}

