import type { Finding, Invocation, TargetHint } from '../model';
import { resolvePath } from '../paths';
import { mapFindings, type Pack } from './pack';
import { stageTokens } from '../targets/stages';

/**
 * Helpers shared by the infrastructure-as-code packs: the environment a file, stack or
 * overlay name gives away (`envs/prod.tfvars`, `values-staging.yaml`, `ApiStack-Prod`), and
 * the finding adjustments that table-driven packs cannot express.
 */

/** Variable and context keys whose value is the environment: `-var env=prod`, `-c stage=staging`. */
const environmentKeys: ReadonlySet<string> = new Set([
  'env', 'environment', 'stage', 'stage_name', 'stagename', 'env_name', 'envname', 'environment_name',
  'environmentname', 'deploy_env', 'deployment_environment', 'target_env', 'targetenv', 'deployenv',
]);

const nameParts = /[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+/g;
const fileExtensions = /(\.auto)?\.(tfvars|tfvars\.json|ya?ml|json|hcl|env|tfbackend|tfstate|conf|cfg|kubeconfig)$/i;
const plainName = /^[A-Za-z0-9][A-Za-z0-9_.:/-]{0,127}$/;

/** `AcmeProdStack` → `acme prod stack`; `prod-eu-1` → `prod eu 1`. */
export function nameTokens(name: string): string[] {
  return (name.match(nameParts) ?? []).map((t) => t.toLowerCase());
}

/** Stage hints for the environment words inside a name: stack ids, profiles, releases. */
export function stageHintsFromName(name: string, source: string): TargetHint[] {
  const hints: TargetHint[] = [];
  for (const token of nameTokens(name)) {
    if (stageTokens.has(token) && !hints.some((h) => h.value === token)) hints.push({ kind: 'stage', value: token, source });
  }
  return hints;
}

/**
 * Stage hints for a file or directory argument: the environment words in its last three
 * segments, extension removed (`envs/prod/terraform.tfvars`, `overlays/production`,
 * `values-staging.yaml`). Earlier segments of an absolute path (`/home/dev/…`) say nothing.
 */
export function stageHintsFromPath(path: string, source: string): TargetHint[] {
  if (!path || path === '-' || path.includes('://')) return [];
  const segments = path.split('/').filter((s) => s && s !== '.' && s !== '..');
  const last = segments.slice(-3);
  if (last.length > 0) last[last.length - 1] = last[last.length - 1].replace(fileExtensions, '');
  const hints: TargetHint[] = [];
  for (const segment of last) {
    for (const hint of stageHintsFromName(segment, source)) {
      if (!hints.some((h) => h.value === hint.value)) hints.push(hint);
    }
  }
  return hints;
}

/**
 * A value that is itself an environment name (`--stage prod`, `-e staging`): the value as is,
 * which the resolver matches against environment names, aliases and `stage` targets, plus the
 * environment words inside it (`prod-eu` → `prod`).
 */
export function stageHintsFromValue(value: string, source: string): TargetHint[] {
  const trimmed = value.trim();
  if (!plainName.test(trimmed)) return [];
  const hints: TargetHint[] = [{ kind: 'stage', value: trimmed, source }];
  for (const hint of stageHintsFromName(trimmed, source)) {
    if (hint.value !== trimmed.toLowerCase()) hints.push(hint);
  }
  return hints;
}

/** `env=prod`, `environment=production`: a stage hint when the key names the environment. */
export function stageHintsFromAssignment(assignment: string, source: string): TargetHint[] {
  const eq = assignment.indexOf('=');
  if (eq <= 0) return [];
  const key = assignment.slice(0, eq).trim().replace(/^["']|["']$/g, '').toLowerCase().replace(/-/g, '_');
  if (!environmentKeys.has(key)) return [];
  return stageHintsFromValue(assignment.slice(eq + 1).replace(/^["']|["']$/g, ''), source);
}

/** Whether a variable name (`TF_VAR_environment`, `STAGE`) carries the environment. */
export function isEnvironmentKey(key: string): boolean {
  return environmentKeys.has(key.toLowerCase().replace(/-/g, '_'));
}

/** A working-directory hint (`terraform -chdir=…`), matched by the resolver against `path` targets. */
export function cwdHint(inv: Invocation, dir: string, source: string): TargetHint {
  return { kind: 'cwd', value: resolvePath(inv.cwd, dir, inv.env.HOME), source };
}

/**
 * Help screens come out as local reads that keep only the targets written on the line: showing
 * help touches no environment, but `--context prod-eu-1 … --help` still says which one it names.
 */
export function refinePack(pack: Pack, refine: (finding: Finding, inv: Invocation) => Finding): Pack {
  return mapFindings(pack, (f, inv) => (f.ruleId.endsWith('.help') ? { ...f, scope: 'local', ambient: undefined } : refine(f, inv)));
}

/** Splits a flag string the way a shell would, for variables like `TF_CLI_ARGS="-var 'env=prod'"`. */
export function splitFlags(text: string): string[] {
  const out: string[] = [];
  let current = '';
  let quote: string | undefined;
  let started = false;
  for (const ch of text) {
    if (quote) {
      if (ch === quote) quote = undefined;
      else current += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      started = true;
    } else if (ch === ' ' || ch === '\t' || ch === '\n') {
      if (started) out.push(current);
      current = '';
      started = false;
    } else {
      current += ch;
      started = true;
    }
  }
  if (started) out.push(current);
  return out;
}

/** `--flag` → `-flag`, for CLIs that accept one or two dashes alike (Go's flag package). */
export function singleDash(args: readonly string[]): string[] {
  return args.map((a) => (a.length > 2 && a.startsWith('--') ? a.slice(1) : a));
}
