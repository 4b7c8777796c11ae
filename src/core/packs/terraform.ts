import type { Effect, Invocation, Scope, TargetHint } from '../model';
import { basename } from '../paths';
import { type FlagSet, flagSet, parseArgs, type ParsedArgs } from './args';
import {
  cwdHint, isEnvironmentKey, singleDash, splitFlags, stageHintsFromAssignment, stageHintsFromPath, stageHintsFromValue,
} from './iac-hints';
import { definePack, localWorkUntargeted } from './pack';
import { local, type Verdict } from './verdict';

/**
 * Terraform, OpenTofu and Terragrunt. Flags take one dash or two alike (Go's flag package,
 * urfave/cli), so every `--flag` is read as `-flag`. Targets: `TF_WORKSPACE`, the selected
 * workspace, `-chdir`, and the environment a `-var-file` or `-var env=…` names.
 */

/** Terraform flags that take a value as the next word when not written `-flag=value`. */
const terraformValueFlags = [
  '-var', '-var-file', '-target', '-replace', '-exclude', '-out', '-state', '-state-out', '-backup', '-lock-timeout',
  '-parallelism', '-backend-config', '-plugin-dir', '-from-module', '-chdir', '-generate-config-out', '-config', '-provider',
  '-test-directory', '-filter', '-invoke',
];

/** Terragrunt's own flags with a value, old (`-terragrunt-…`) and new names. */
const terragruntValueFlags = [
  '-working-dir', '-terragrunt-working-dir', '-config', '-terragrunt-config', '-queue-include-dir', '-queue-exclude-dir',
  '-terragrunt-include-dir', '-terragrunt-exclude-dir', '-include-dir', '-exclude-dir', '-source', '-terragrunt-source',
  '-tf-path', '-terragrunt-tfpath', '-log-level', '-terragrunt-log-level', '-download-dir', '-terragrunt-download-dir',
  '-iam-assume-role', '-terragrunt-iam-role', '-out-dir', '-json-out-dir', '-feature', '-terragrunt-parallelism',
  '-units-that-include', '-queue-include-units-reading', '-terragrunt-modules-that-include',
  '-terragrunt-source-map', '-source-map', '-provider-cache-dir',
];

const terraformFlags: FlagSet = flagSet(...terraformValueFlags);
const terragruntFlags: FlagSet = flagSet(...terraformValueFlags, ...terragruntValueFlags);

/** Output names that say they hold a credential: `db_password`, `api_token`, `database_url`. */
const credentialName = /pass(?:word|wd)?|secret|token|key|cred|dsn|conn(?:ection)?(?:_?str(?:ing)?)?|private|cert|auth|(?:db|database|redis|postgres|pg|mysql|mongo\w*)_?ur[il]/i;

const readCommands: ReadonlySet<string> = new Set(['show', 'output', 'graph', 'providers', 'console', 'metadata', 'modules', 'query']);
/** Commands that look only at files on this machine: no state, no backend, no provider API. */
const localReadCommands: ReadonlySet<string> = new Set(['validate', 'fmt', 'version', 'get']);

/** What one Terraform subcommand does, given its flags and the words after it. */
function judgeTerraform(sub: string, a: ParsedArgs, operands: readonly string[]): Verdict {
  switch (sub) {
    case 'plan':
      return a.has('-destroy')
        ? { rule: 'plan-destroy', effect: 'read', reason: 'plans a destroy without carrying it out; planning changes nothing' }
        : { rule: 'plan', effect: 'read', reason: 'plans changes without making them' };
    case 'apply': {
      if (a.has('-destroy')) return { rule: 'apply-destroy', effect: 'destroy', reason: 'destroys every resource the configuration manages (apply -destroy)' };
      if (a.has('-replace')) {
        return { rule: 'apply-replace', effect: 'destroy', reason: `destroys and re-creates ${a.values('-replace').join(', ') || 'resources'} (-replace), losing their data` };
      }
      if (a.has('-refresh-only')) {
        return { rule: 'apply-refresh-only', effect: 'write', reason: 'rewrites the Terraform state to match the real infrastructure (apply -refresh-only)' };
      }
      const plan = operands[0];
      if (plan && /destroy/i.test(basename(plan))) {
        return { rule: 'apply-destroy-plan', effect: 'destroy', reason: `applies the saved plan ${plan}, which by its name destroys resources` };
      }
      const scoped = a.has('-target') ? ` (limited to ${a.values('-target').join(', ')})` : '';
      return {
        rule: 'apply',
        effect: 'write',
        reason: plan ? `applies the saved plan ${plan}` : `creates, changes or deletes infrastructure to match the configuration${scoped}`,
      };
    }
    case 'destroy':
      return {
        rule: 'destroy',
        effect: 'destroy',
        reason: a.has('-target') ? `destroys ${a.values('-target').join(', ')}` : 'destroys every resource the configuration manages',
      };
    case 'refresh':
      return { rule: 'refresh', effect: 'write', reason: 'rewrites the Terraform state to match the real infrastructure' };
    case 'import':
      return { rule: 'import', effect: 'write', reason: 'adds existing infrastructure to the Terraform state, so later applies manage it' };
    case 'taint':
      return { rule: 'taint', effect: 'write', reason: 'marks a resource to be destroyed and re-created by the next apply' };
    case 'untaint':
      return { rule: 'untaint', effect: 'write', reason: 'clears a resource\'s mark for re-creation in the Terraform state' };
    case 'force-unlock':
      return { rule: 'force-unlock', effect: 'write', reason: 'releases a state lock another run may still hold, which can corrupt the state' };
    case 'test':
      return { rule: 'test', effect: 'write', reason: 'creates real infrastructure to run the tests against, then destroys it' };
    case 'login':
    case 'logout':
      return { rule: 'credentials', effect: 'write', scope: 'local', reason: `${sub === 'login' ? 'stores' : 'removes'} a local API token for Terraform Cloud` };
    case 'init':
      return a.has('-migrate-state', '-force-copy')
        ? { rule: 'init-migrate', effect: 'write', reason: 'copies the state to a new backend, possibly over the state stored there' }
        : { rule: 'read', effect: 'read', reason: 'prepares the working directory (providers, modules, backend); changes no infrastructure' };
    case 'output': {
      // Every output, or one named like a credential: outputs carry connection strings and passwords,
      // marked sensitive or not (and -json, -raw print the sensitive ones in plain text).
      const name = operands[0];
      if (name !== undefined && !credentialName.test(name)) return { rule: 'output-named', effect: 'read', reason: `prints the output ${name}` };
      return { rule: 'output', effect: 'read', scope: 'secret', reason: name ? `prints the output ${name}, a credential by its name` : 'prints the workspace\'s outputs, which carry its connection strings and passwords' };
    }
    case 'state':
      return judgeState(operands[0], a);
    case 'workspace':
    case 'env':
      return judgeWorkspace(operands[0], a);
  }
  if (readCommands.has(sub)) return { rule: 'read', effect: 'read', reason: `runs terraform ${sub}, which changes no infrastructure` };
  if (localReadCommands.has(sub)) return { rule: 'local-read', effect: 'read', scope: 'local', reason: `runs terraform ${sub}, which reads local files only` };
  return {
    rule: 'unrecognised',
    effect: 'write',
    reason: `runs ${sub}, a subcommand Bulkhead does not know, so it is treated as a change`,
  };
}

function judgeState(verb: string | undefined, a: ParsedArgs): Verdict {
  switch (verb) {
    case 'pull':
      return { rule: 'state-pull', effect: 'read', scope: 'secret', reason: 'prints the raw Terraform state, every secret in it in plain text' };
    case undefined:
    case 'list':
    case 'show':
    case 'identities':
      return { rule: 'state-read', effect: 'read', reason: 'reads the Terraform state' };
    case 'rm':
      return { rule: 'state-rm', effect: 'write', reason: 'removes resources from the Terraform state: they keep running but Terraform forgets them' };
    case 'mv':
      return { rule: 'state-mv', effect: 'write', reason: 'moves resources in the Terraform state; a wrong move makes the next apply destroy and re-create them' };
    case 'push':
      return {
        rule: 'state-push',
        effect: 'write',
        reason: `overwrites the stored Terraform state with a local file${a.has('-force') ? ' even if it is older' : ''}; a stale state makes later applies destroy or duplicate resources`,
      };
    case 'replace-provider':
      return { rule: 'state-replace-provider', effect: 'write', reason: 'rewrites the provider of resources in the Terraform state' };
  }
  return { rule: 'state-other', effect: 'write', reason: `runs terraform state ${verb}, which Bulkhead treats as a change to the state` };
}

function judgeWorkspace(verb: string | undefined, a: ParsedArgs): Verdict {
  switch (verb) {
    case undefined:
    case 'list':
    case 'show':
      return { rule: 'workspace-read', effect: 'read', reason: 'lists or shows Terraform workspaces' };
    case 'select':
    case 'new':
      return {
        rule: 'workspace-select', effect: 'write', scope: 'local',
        reason: `${verb === 'new' ? 'creates and selects' : 'selects'} a Terraform workspace for later commands`,
        setsAmbient: a.positionals[2] ? { 'terraform-workspace': a.positionals[2] } : undefined,
      };
    case 'delete':
      return a.has('-force')
        ? { rule: 'workspace-delete-force', effect: 'destroy', reason: 'deletes a workspace and its state even though it still tracks resources, which are then left unmanaged' }
        : { rule: 'workspace-delete', effect: 'write', reason: 'deletes a Terraform workspace (Terraform refuses while it still tracks resources)' };
  }
  return { rule: 'workspace-other', effect: 'write', reason: `runs terraform workspace ${verb}, which Bulkhead treats as a change` };
}

interface Command {
  /** The Terraform words: subcommand, flags and operands. */
  readonly words: readonly string[];
  /** The global `-chdir` or Terragrunt working directory, as written. */
  readonly dir?: string;
  readonly valueFlags: FlagSet;
  /** Terragrunt `run --all`, `run-all`, `*-all`: every module under the directory. */
  readonly all: boolean;
}

function classifyTerraform(packId: string, command: Command, inv: Invocation): Verdict {
  const words = command.words;
  const first = parseArgs(words, command.valueFlags);
  const sub = first.positionals[0];
  const subIndex = sub === undefined ? words.length : words.indexOf(sub);
  // TF_CLI_ARGS and TF_CLI_ARGS_<subcommand> insert flags after the subcommand: `TF_CLI_ARGS_apply=-destroy` is a destroy.
  const injected = sub ? [...splitFlags(inv.env.TF_CLI_ARGS ?? ''), ...splitFlags(inv.env[`TF_CLI_ARGS_${sub}`] ?? '')] : [];
  const a = injected.length > 0 ? parseArgs(singleDash([...words, ...injected]), command.valueFlags) : first;
  const operands = a.positionals.slice(1);
  const targets = terraformTargets(a, inv, command, operands, sub);
  // A working directory flag names where the command acts; only without one does the selected workspace decide.
  const ambient = command.dir === undefined ? { ambient: ['terraform-workspace'] } : {};
  // Help flags anywhere stop the command; version flags only before the subcommand (mitchellh/cli).
  const everyWord = [...words, ...injected];
  if (everyWord.includes('-help') || everyWord.includes('-h') || sub === 'help') {
    return local('help', 'read', `shows ${packId} help`);
  }
  const version = words.findIndex((w) => w === '-version' || w === '-v');
  if (version >= 0 && version < subIndex) return local('local-read', 'read', `shows the ${packId} version`);
  if (sub === undefined) return { rule: 'bare', effect: 'read', reason: `runs ${packId} without a subcommand`, targets, ...ambient };

  const verdict = judgeTerraform(sub, a, operands);
  const reason = command.all && verdict.effect !== 'read' ? `${verdict.reason}, in every module under the directory` : verdict.reason;
  const sets = verdict.setsAmbient ? { setsAmbient: verdict.setsAmbient } : {};
  return { rule: verdict.rule, effect: verdict.effect, scope: verdict.scope ?? 'infra', reason, targets, ...ambient, ...sets };
}

/** Subcommands that read the variable files, and lines of one read, at most. */
const tfvarsSubcommands: ReadonlySet<string> = new Set(['plan', 'apply', 'destroy', 'refresh', 'import', 'console']);
const maxTfvarsLines = 2000;

function terraformTargets(a: ParsedArgs, inv: Invocation, command: Command, operands: readonly string[], sub: string | undefined): TargetHint[] {
  const hints: TargetHint[] = [];
  const workspace = inv.env.TF_WORKSPACE;
  if (workspace) hints.push({ kind: 'terraform-workspace', value: workspace, source: '$TF_WORKSPACE' });
  if ((sub === 'workspace' || sub === 'env') && operands[0] === 'delete' && operands[1]) {
    hints.push({ kind: 'terraform-workspace', value: operands[1], source: 'workspace being deleted' });
  }
  // The folder the policy knows, and else the stage its name says (`-chdir=envs/prod`).
  if (command.dir !== undefined) hints.push(cwdHint(inv, command.dir, 'working directory flag'), ...stageHintsFromPath(command.dir, 'working directory flag'));
  for (const file of a.values('-var-file')) hints.push(...stageHintsFromPath(file, '-var-file'));
  // The variable files terraform reads: -var-file's, and terraform.tfvars beside the configuration,
  // whose `environment = "production"` names where the run acts.
  if (tfvarsSubcommands.has(sub ?? '')) {
    const dir = command.dir === undefined ? '' : `${command.dir.replace(/\/$/, '')}/`;
    for (const file of [...a.values('-var-file'), `${dir}terraform.tfvars`]) {
      for (const line of (inv.fileText?.(file) ?? '').split('\n').slice(0, maxTfvarsLines)) hints.push(...stageHintsFromAssignment(line.trim().replace(/\s*=\s*/, '='), file));
    }
  }
  // A local state file or Terragrunt config named for an environment (`-state=states/prod.tfstate`).
  for (const file of a.values('-state', '-state-out', '-terragrunt-config')) hints.push(...stageHintsFromPath(file, 'state or config file'));
  for (const assignment of a.values('-var')) hints.push(...stageHintsFromAssignment(assignment, '-var'));
  for (const [name, value] of Object.entries(inv.env)) {
    if (name.startsWith('TF_VAR_') && isEnvironmentKey(name.slice(7)) && value) hints.push(...stageHintsFromValue(value, `$${name}`));
  }
  return hints;
}

/** `-chdir=DIR` before the subcommand; it needs the `=`, but `-chdir DIR` is read too. */
function globalChdir(words: readonly string[]): string | undefined {
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (!w.startsWith('-')) return undefined;
    if (w.startsWith('-chdir=')) return w.slice(7);
    if (w === '-chdir') return words[i + 1];
  }
  return undefined;
}

export const terraformPack = localWorkUntargeted(definePack({
  id: 'terraform',
  programs: ['terraform', 'tofu'],
  targetKinds: ['stage', 'terraform-workspace'],
  // Help flags anywhere stop the command, version flags only before the subcommand: classify reads both.
  asksForHelp: () => false,
  classify: (_args, inv) => {
    const words = singleDash(inv.args);
    // OpenTofu shares Terraform's commands and so its rule ids.
    return classifyTerraform('terraform', { words, dir: globalChdir(words), valueFlags: terraformFlags, all: false }, inv);
  },
  rules: [],
}));

const legacyAll = /^(apply|destroy|plan|output|validate|init|refresh)-all$/;
const terragruntReads: ReadonlySet<string> = new Set([
  'hcl', 'hclfmt', 'hclvalidate', 'render', 'render-json', 'find', 'list', 'dag', 'graph-dependencies', 'info', 'terragrunt-info',
  'validate-inputs', 'output-module-groups',
]);
const terragruntLocal: ReadonlySet<string> = new Set(['catalog', 'scaffold', 'aws-provider-patch']);

/**
 * Terragrunt forwards Terraform commands (`terragrunt apply`), runs them across a stack
 * (`run-all apply`, `run --all -- apply`, `apply --all`, the old `destroy-all`), and has a few
 * commands of its own (`backend delete`, `hcl fmt`, `exec`).
 */
export const terragruntPack = localWorkUntargeted(definePack({
  id: 'terragrunt',
  programs: ['terragrunt'],
  targetKinds: ['stage', 'terraform-workspace'],
  // terragrunt exec -- cmd runs the command with the module's credentials and inputs.
  carries: [{ sub: ['exec'], command: '--' }],
  asksForHelp: () => false,
  classify: (_args, inv) => classifyTerragrunt(inv),
  rules: [],
}));

function classifyTerragrunt(inv: Invocation): Verdict {
  const words = singleDash(inv.args);
  const a = parseArgs(words, terragruntFlags);
  const [sub, next] = a.positionals;
  const dir = a.value('-working-dir', '-terragrunt-working-dir') ?? inv.env.TG_WORKING_DIR ?? inv.env.TERRAGRUNT_WORKING_DIR;
  const own = (rule: string, effect: Effect, reason: string, scope: Scope = 'infra'): Verdict =>
    dir === undefined ? { rule, effect, reason, scope } : { rule, effect, reason, scope, targets: [cwdHint(inv, dir, 'terragrunt working directory'), ...stageHintsFromPath(dir, 'terragrunt working directory')] };
  if (words.includes('-help') || words.includes('-h') || sub === 'help') return own('help', 'read', 'shows terragrunt help', 'local');

  let tfWords: string[] = words;
  let all = a.has('-all', '-graph');
  if (sub === 'run-all') {
    tfWords = without(words, 'run-all');
    all = true;
  } else if (sub === 'run') {
    tfWords = without(without(words, 'run'), '--');
  } else if (sub === 'stack' && next === 'run') {
    tfWords = without(without(without(words, 'stack'), 'run'), '--');
    all = true;
  } else if (sub === 'stack') {
    return next === 'output' ? own('stack-read', 'read', 'reads the outputs of a Terragrunt stack')
      : own('stack-local', 'write', `runs terragrunt stack ${next ?? ''}, which generates or cleans local files`.trimEnd(), 'local');
  } else if (sub && legacyAll.test(sub)) {
    tfWords = words.map((w) => (w === sub ? sub.slice(0, -4) : w));
    all = true;
  } else if (sub === 'backend') {
    if (next === 'delete') return own('backend-delete', 'destroy', 'deletes the Terraform state stored in the remote backend');
    if (next === 'migrate') return own('backend-migrate', 'write', 'moves Terraform state between units in the remote backend');
    if (next === 'bootstrap') return own('backend-bootstrap', 'write', 'creates the remote state backend (bucket, lock table)');
    return own('backend-other', 'write', `runs terragrunt backend ${next ?? ''}, which Bulkhead treats as a change`.trimEnd());
  } else if (sub === 'exec') {
    return own('exec', 'unknown', 'runs an arbitrary command with Terragrunt\'s environment and credentials, which Bulkhead does not look into');
  } else if (sub && terragruntReads.has(sub)) {
    return own('read', 'read', `runs terragrunt ${sub}, which changes no infrastructure`);
  } else if (sub && terragruntLocal.has(sub)) {
    return own('local', 'write', `runs terragrunt ${sub}, which changes local files`, 'local');
  }
  return classifyTerraform('terragrunt', { words: tfWords, dir, valueFlags: terragruntFlags, all }, inv);
}

function without(words: readonly string[], word: string): string[] {
  const i = words.indexOf(word);
  return i < 0 ? [...words] : [...words.slice(0, i), ...words.slice(i + 1)];
}
