import { type Finding, type Invocation, remoteHintKinds } from './model';
import type { Policy } from './policy/load';
import { namedLikeSecret } from './secretNames';
import { stageOfFileName } from './targets/stages';

/** Programs that print what they are given, or the whole environment. */
const printers: ReadonlySet<string> = new Set(['echo', 'printf', 'printenv', 'env', 'set', 'declare', 'typeset', 'export', 'tee', 'logger']);
/** Interpreters whose inline code can print the environment (`python -c 'print(os.environ)'`). */
const inlineCodeFlags: ReadonlySet<string> = new Set(['-c', '-e', '-E', '-p', '--eval', '--print', '-r']);
/** The whole environment as code reaches it, not one named variable of it. */
// A membership test (`'X' in os.environ`, `ENV.key?('X')`) says whether a variable is set, not what it holds.
const wholeEnvironment: Readonly<Record<string, RegExp>> = {
  python: /(?<!\bin\s+)\bos\.environ\b(?!\s*(?:\[|\.get\b|\.setdefault\b|\.pop\b))/,
  node: /(?<!\bin\s+)\bprocess\.env\b(?!\s*(?:\.|\[|\?\.))|\bDeno\.env\.toObject\b/,
  ruby: /\bENV\b(?!\s*(?:\[|\.fetch\b|\.key\?|\.has_key\?|\.include\?))/,
  perl: /%ENV\b/,
  php: /\$_ENV\b(?!\s*\[)|\bgetenv\(\s*\)/,
};
const interpreterLanguage: Readonly<Record<string, string>> = {
  python: 'python', python3: 'python', node: 'node', nodejs: 'node', deno: 'node', bun: 'node', ruby: 'ruby', perl: 'perl', php: 'php',
};
const environBlock = /^\/proc\/[^/]*(?:\/task\/[^/]*)?\/environ$/;

/**
 * Whether the command prints the whole process environment: `env`, `printenv`, `export -p`, `set`,
 * `declare -x`, the raw block in /proc/…/environ, `ps e`, or an interpreter one-liner that prints
 * os.environ or process.env.
 */
function dumpsEnvironment(inv: Invocation): boolean {
  const { program, args } = inv;
  const onlyFlags = (allowed: RegExp) => args.every((a) => allowed.test(a));
  switch (program) {
    case 'env': return onlyFlags(/^(?:-0|--null|-i|--ignore-environment|-)$/) && !args.some((a) => a === '-i' || a === '--ignore-environment' || a === '-');
    case 'printenv': return onlyFlags(/^(?:-0|--null)$/);
    case 'export': return onlyFlags(/^-p$/);
    case 'set': return args.length === 0 || (args.length === 1 && args[0] === '--');
    case 'declare': case 'typeset': return onlyFlags(/^-[xpgr]+$/) && !args.some((a) => /^-[gr]+$/.test(a));
    case 'ps': return args.some((a) => /^[a-zA-Z]*e[a-zA-Z]*$/.test(a) && !a.startsWith('-'));
  }
  if (inv.words.some((w) => environBlock.test(w.value)) || (inv.stdin?.kind === 'file' && environBlock.test(inv.stdin.from ?? ''))) return true;
  const language = interpreterLanguage[program];
  return language !== undefined && inlineCode(inv).some((code) => wholeEnvironment[language].test(code));
}

const variableName = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Whether inline code reaches a variable's value (`os.environ['X']`, `process.env.X`, `ENV['X']`)
 * other than to test that it is set (`os.environ.get('X') is not None`, `!!process.env.X`).
 */
function readsValue(code: string, name: string): boolean {
  const access = new RegExp(`(!!\\s*)?(?:os\\.environ(?:\\.get)?\\s*[[(]\\s*['"]${name}['"]\\s*[\\])]|os\\.getenv\\(\\s*['"]${name}['"]\\s*\\)|process\\.env(?:\\.${name}\\b|\\[\\s*['"]${name}['"]\\s*\\])|ENV(?:\\.fetch\\(|\\[)\\s*['"]${name}['"]\\s*[\\])]|\\$ENV\\{\\s*['"]?${name}['"]?\\s*\\})`, 'g');
  for (const m of code.matchAll(access)) {
    if (m[1]) continue;
    const after = code.slice((m.index ?? 0) + m[0].length, (m.index ?? 0) + m[0].length + 16);
    if (!/^\s*(?:is\b|==|!=|\?|&&|\|\||\bin\b|>|<)/.test(after)) return true;
  }
  return false;
}

function inlineCode(inv: Invocation): string[] {
  const code: string[] = [];
  for (let i = 0; i < inv.args.length - 1; i++) if (inlineCodeFlags.has(inv.args[i])) code.push(inv.args[i + 1]);
  return code;
}

/**
 * A command that prints a credential hands it to whoever reads the output, an agent included:
 * `echo $RAILWAY_TOKEN`, `printenv RAILWAY_TOKEN`, `python -c 'print(os.environ["RAILWAY_TOKEN"])'`,
 * or a dump of the environment (`env`, `export -p`, /proc/self/environ) while a credential is in it.
 */
export function credentialExposure(finding: Finding, inv: Invocation, policy: Policy): Finding {
  if (finding.effect !== 'read' || finding.scope === 'secret') return finding;
  const printer = printers.has(inv.program);
  const interpreter = interpreterLanguage[inv.program] !== undefined;
  const dumped = dumpsEnvironment(inv);
  const remoteSecret = remoteSecretFile(finding, inv);
  if (remoteSecret) {
    return {
      ruleId: 'secrets.remote-file', effect: 'read', scope: 'secret', targets: finding.targets,
      reason: `reads ${remoteSecret}, a file named like a secret, from where it runs: it holds the credentials of the environment it belongs to`,
    };
  }
  if (!printer && !interpreter && !dumped) return finding;
  // Variables loaded from a secret file (`op run --env-file=.env.production --`, `source .env.production`) are that file's secrets.
  const loaded = inv.inherited.filter((h) => h.kind === 'env-file');
  if (loaded.length > 0 && (dumped || (printer && inv.words.some((w) => w.dynamic || inv.program === 'printenv')))) {
    return {
      ruleId: 'secrets.print-loaded', effect: 'read', scope: 'secret',
      reason: 'prints variables loaded from a file, which hold the credentials that file holds',
      targets: [...(finding.targets ?? []), ...loaded.flatMap((h) => {
        // A file the policy does not list still says its stage by its name (`ops/prod.env`).
        const stage = stageOfFileName(h.value);
        return [{ kind: 'secret-file', value: h.value, source: `printed from ${h.source}` }, ...(stage ? [{ kind: 'stage', value: stage, source: `printed from ${h.value}` }] : [])];
      })],
    };
  }
  // Run in a container or on another machine, the dump is of a process there, which holds that environment's credentials.
  if (dumped && inv.inherited.some((h) => remoteHintKinds.has(h.kind))) {
    return {
      ruleId: 'secrets.remote-environment', effect: 'read', scope: 'secret', targets: finding.targets,
      reason: 'prints the environment of a process where it runs, which holds the credentials of the environment it belongs to',
    };
  }
  const code = interpreter ? inlineCode(inv) : [];
  const exposed: string[] = [];
  for (const env of policy.environments) {
    for (const credential of env.credentials) {
      const named = printer && inv.words.some((w) => (w.raw.includes(credential.name) && credential.reference.test(w.raw)) || w.value === credential.name);
      const inCode = code.some((c) => c.includes(credential.name) && variableName.test(credential.name) && readsValue(c, credential.name));
      if (named || inCode || (dumped && inv.env[credential.name] !== undefined)) exposed.push(env.name);
    }
  }
  if (exposed.length === 0) return finding;
  return {
    ruleId: 'secrets.print-credential',
    effect: 'read',
    scope: 'secret',
    reason: dumped ? 'prints the process environment, which holds a credential of another environment, where an agent can read it'
      : 'prints a credential of another environment where an agent can read it',
    targets: [...(finding.targets ?? []), ...exposed.map((name) => ({ kind: 'environment', value: name, source: 'credential printed' }))],
  };
}

/** File names that hold credentials wherever they are: `.env`, private keys, cloud key files. Examples and templates do not. */
const remoteCopiers: ReadonlySet<string> = new Set(['kubectl', 'oc', 'docker', 'podman', 'scp', 'rsync', 'gcloud', 'sftp']);

/**
 * A secret-named file read where the command acts, not here: copied out of a container or host
 * (`kubectl cp pod:/app/.env .`, `scp web-1:/srv/app/.env .`) or printed there (`kubectl exec … -- cat /app/.env`).
 */
function remoteSecretFile(finding: Finding, inv: Invocation): string | undefined {
  const elsewhere = inv.inherited.some((h) => remoteHintKinds.has(h.kind));
  if (finding.scope === 'local' && !elsewhere) return undefined;
  const remoteRead = elsewhere && contentPrinters.has(inv.program);
  if (!remoteRead && !remoteCopiers.has(inv.program)) return undefined;
  for (const word of inv.words) {
    if (word.dynamic || word.value.startsWith('-')) continue;
    const colon = remoteRead ? -1 : word.value.indexOf(':');
    if (!remoteRead && (colon <= 0 || word.value.includes('://'))) continue;
    const path = word.value.slice(colon + 1);
    if (namedLikeSecret(path)) return path;
  }
  return undefined;
}

/** Programs that print what the files they are given hold. */
const contentPrinters: ReadonlySet<string> = new Set(['cat', 'tac', 'head', 'tail', 'less', 'more', 'bat', 'batcat', 'nl', 'strings', 'xxd',
  'od', 'hexdump', 'base64', 'sed', 'awk', 'gawk', 'cut', 'sort', 'uniq', 'grep', 'egrep', 'fgrep', 'rg', 'jq', 'yq', 'column', 'fold', 'paste']);
/** Files opened for their credentials, at most, per command. */
const maxCredentialFiles = 8;

/** The files a printer is given by name, as absolute paths: what its output may hand on. */
export function printedFiles(inv: Invocation, resolve: (path: string) => string): { name: string; path: string }[] {
  if (!contentPrinters.has(inv.program)) return [];
  const out: { name: string; path: string }[] = [];
  for (const word of inv.words) {
    if (out.length >= maxCredentialFiles) break;
    if (word.dynamic || !word.value || word.value.startsWith('-') || /[*?[]/.test(word.value)) continue;
    out.push({ name: word.value, path: resolve(word.value) });
  }
  return out;
}

/**
 * A file that is no secret by its name but holds an environment's credential (a token pasted into
 * notes): printing it hands the credential on, a secret read of that environment.
 */
export function fileCredentialExposure(finding: Finding, environments: readonly { environment: string; file: string }[]): Finding {
  if (environments.length === 0 || finding.scope === 'secret') return finding;
  const first = environments[0];
  return {
    ruleId: 'secrets.file-holds-credential', effect: 'read', scope: 'secret',
    reason: `prints ${first.file}, which holds a credential of ${first.environment}, where an agent can read it`,
    targets: [...(finding.targets ?? []), ...environments.map((e) => ({ kind: 'environment', value: e.environment, source: `credential in ${e.file}` }))],
  };
}
