/**
 * The pack format: how Bulkhead learns one CLI.
 *
 * To add a CLI, copy the sibling pack closest to it (`glab.ts`, `kustomize.ts` and `drizzle.ts`
 * are short tables; `prisma.ts` shows the `classify` hook) and one corpus file
 * (`test/corpus/<family>.yaml`). A pack file exports one `definePack({...})` that declares:
 *
 * - `id` and `programs`: the rule-id prefix and the executable names it answers for (the
 *   registry refuses two packs claiming one program); `packages`, the npm packages that install
 *   the first program under another name (`npx @railway/cli`);
 * - how its words are read: `valueFlags` so positionals are found, `getopt` for bundled short
 *   options, `prepare` for an invocation the pack reads rewritten (the database clients mark words
 *   only known at run time), `readFlags` and `asksForHelp` for help;
 * - `rules`: the table, first match wins; `fallback` for unknown subcommands;
 * - where it acts: `targetFlags`, `envTargets`, `ambient`, and `targets` for hints that need
 *   code. Their kinds are what the policy loader accepts under `targets:`; kinds found only by
 *   code are listed in `targetKinds` (a contract test runs the corpus and checks every kind a
 *   finding names is declared);
 * - `carries`, when a subcommand (or the program itself: `ansible HOSTS -a CMD`) runs another
 *   command (`kubectl exec`, `docker run IMAGE`, `ssh console -C`): see CarrierSpec, whose `targets`
 *   is code for where it runs when flags cannot say (a daemon's URL). The unwrapper reads it, so the
 *   carried command is judged as if typed where it runs. unwrap.ts keeps only what no pack owns:
 *   the shell's own wrappers (`sudo`, `env`, `timeout`, `xargs`, `bash -c`), `ssh` and `clush`,
 *   and the package runners (`npx`, `pnpm dlx`);
 * - `classify`, the one escape hatch for what a table cannot say, returning a `Verdict`
 *   (verdict.ts; `commandTable` there for CLIs with flat `topic:command` names), or a list of
 *   them for a command that does several things (`s5cmd run FILE`); an empty list hands the
 *   command to the words, as a program no pack knows.
 *
 * Packs of one kind share a spec builder instead of a second format: `sqlClient` (sqlClients.ts),
 * `databaseTool` (pgTools.ts), `repositoryTool` (backups.ts), `storageTool` (storage.ts) give the
 * fields their tools have in common. A program that runs a pack's program (`python manage.py`,
 * `php artisan`) hands the words to that pack's `classify`. A program whose only knowledge is that it runs another command with what it loads
 * (`doppler run`, `dotenv`, `bundle exec`) is a RunnerSpec in runners.ts, not a pack: what it does
 * on its own is left to the words judge.
 *
 * Register the pack in its family's list under `groups/` (the registry in registry.ts collects
 * the groups). Its corpus lines go in the family's file, or a new `test/corpus/<family>.yaml`
 * that `npm run test:unit` picks up by itself, with traps that must stay allowed beside the
 * true positives. Shared helpers live in args.ts (reading arguments), verdict.ts (what a pack
 * concludes) and this file (the format); target helpers in databaseTargets.ts, cloud-common.ts,
 * iac-hints.ts and locations.ts; the consoles a framework opens (`rails console`, `artisan
 * tinker`) in frameworkConsoles.ts. A pack imports nothing outside src/core.
 */
import type { Effect, Finding, Invocation, Scope, TargetHint } from '../model';
import { parseArgs, type ParsedArgs, splitShortBundles } from './args';
import { findingOf, type Verdict } from './verdict';
import { verbInName } from '../words/verbs';

/** Classifies the invocations of one tool. Packs are pure: same invocation, same findings. */
export interface Pack {
  readonly id: string;
  /** Executable basenames this pack answers for (`terraform`, `tofu`). */
  readonly programs: readonly string[];
  /** The target kinds its findings can name: the policy loader accepts these in `targets:`. */
  readonly targetKinds: readonly string[];
  /** How its subcommands carry another command, for the unwrapper (`kubectl exec POD -- cmd`). */
  readonly carries?: readonly CarrierSpec[];
  /** npm or PyPI packages whose binary is this pack's first program, for `npx PACKAGE` and `pipx run PACKAGE` (`@railway/cli` runs `railway`, `awscli` runs `aws`). */
  readonly packages?: readonly string[];
  /**
   * Variables the program reads whose value, when the line and environment set none, is the machine's
   * state of an ambient kind: `{DOCKER_CONTEXT: 'docker-context'}` (the context `docker context use`
   * selected, earlier on the line or before).
   */
  readonly ambientVariables?: Readonly<Record<string, string>>;
  /** `undefined` or no findings means "nothing to say": the engine judges the command by its words, as it does a program no pack knows. */
  classify(inv: Invocation): Finding | readonly Finding[] | undefined;
}

/**
 * A subcommand that runs another command somewhere (a container, a VM, a one-off machine). The
 * unwrapper emits the outer command for the pack to judge, then judges the carried command as if
 * typed there, with the targets this spec finds as the place it runs.
 */
export interface CarrierSpec {
  /**
   * Subcommand paths that carry a command, words separated by spaces: `'exec'`, `'ssh console'`;
   * options may stand between the words (`docker compose -f prod.yml exec`). `''`: the program
   * itself carries it (`ansible HOSTS -a CMD`).
   */
  readonly sub: readonly string[];
  /** Which of the pack's programs the spec is for, when not all of them (`docker-compose exec` has no `compose` word). */
  readonly programs?: readonly string[];
  /** Options that take a value, skipped around the subcommand (`kubectl -n prod exec`); `targetFlags` are added. */
  readonly valueFlags?: ReadonlySet<string>;
  /** Options after the subcommand that take a value, when they are not the ones before it (`docker run -v a:b IMAGE`). */
  readonly subValueFlags?: ReadonlySet<string>;
  /**
   * Where the command is. `'--'`: the words after a double dash; `'rest'`: the words after the
   * subcommand's options and operands; `'line'`: those words joined into the shell line the far
   * end runs (`heroku run rake db:seed`); flag names: the last one's value, a shell line.
   */
  readonly command: '--' | 'rest' | 'line' | readonly string[];
  /**
   * With `'rest'` and `'line'`: operands before the command, such as the container `docker exec web
   * cmd` or the dyno `heroku run:inside web.1 cmd` runs it in. With `'rest'` they name the carrier in
   * the command's `via` (`docker exec web`).
   */
  readonly operands?: number;
  /** With `'rest'`: the operand is an image, and a cloud CLI's image runs that CLI (`docker run amazon/aws-cli s3 rm …`). */
  readonly image?: boolean;
  /**
   * With `'line'`: the CLI reads its target flags anywhere before a double dash, after the command
   * too (`heroku run rake db:seed -a acme`), so they are taken out of the line wherever they stand.
   */
  readonly flagsAnywhere?: boolean;
  /** An extra condition on the words: `ansible -a CMD` carries a command only with a command module. */
  readonly when?: (args: readonly string[]) => boolean;
  /** Flags whose value names where the command runs: `{'--context': 'kube-context'}`. */
  readonly targetFlags?: Readonly<Record<string, string>>;
  /** Variables that name it when no flag of that kind does: `{FLY_APP: 'app'}`. */
  readonly envTargets?: Readonly<Record<string, string>>;
  /** The ambient kind that applies when no flag names one of that kind. */
  readonly ambient?: string;
  /** What the command runs inside, shown as a `container` hint (`fly machine`). */
  readonly runsIn?: string;
  /**
   * Where it runs, when code must read it from the words before the command (a daemon's URL, an
   * inventory): the hints, `runsIn`'s among them where it is somewhere else; none where it runs here.
   */
  /** `fileText` reads a file the args name, relative to where the command runs (an inventory), when it can be known. */
  readonly targets?: (args: readonly string[], env: Readonly<Record<string, string>>, program: string, fileText: (path: string) => string | undefined) => readonly TargetHint[];
}

/**
 * A program that runs another command on this machine, with an environment's secrets or variables
 * loaded (`doppler run --config prd -- cmd`, `aws-vault exec prod -- cmd`, `dotenv -e
 * .env.production -- cmd`) or inside a project's environment (`bundle exec cmd`). It is not a pack:
 * what the program does on its own is judged by its words (`doppler secrets get`). The unwrapper
 * judges the command it runs, with the environment this spec finds.
 */
export interface RunnerSpec {
  readonly programs: readonly string[];
  /** The subcommand that runs it (`'run'`, `'exec'`); omitted when the program itself does (`dotenv`). */
  readonly sub?: string;
  /**
   * Where the command starts. `'--'`: after a double dash, which must be there; `'options'`: after
   * the options (a double dash ends them); `'next'`: the word after the subcommand, options or not.
   */
  readonly command: '--' | 'options' | 'next';
  /** Options that take a value, skipped before the command. */
  readonly valueFlags?: readonly string[];
  /** Flags whose value names the environment whose secrets the command gets (`--config prd`). */
  readonly environmentFlags?: readonly string[];
  /** Flags whose value is a file of variables the command gets (`-e .env.production`), and the file read without one. */
  readonly envFiles?: { readonly flags: readonly string[]; readonly otherwise?: string };
  /** The operand after the subcommand is a profile, given to the command in these variables (`aws-vault exec PROFILE`). */
  readonly profileVariables?: readonly string[];
  /**
   * A config file saying where the secrets come from (`.teller.yml`), by its flag or its default
   * name: the stage words of its `path:` values are the command's environment.
   */
  readonly configFile?: { readonly flags: readonly string[]; readonly otherwise: string };
  /** Switches that make the command one shell line (`teller run --shell -- 'psql … | wc -l'`). */
  readonly shellFlags?: readonly string[];
  /**
   * The command is a script file, run by the interpreter its extension names with the words after a
   * later `--` (`pants run ops/purge.py -- --env prod` runs `python ops/purge.py --env prod`); a
   * target that is no such file leaves the runner to be judged by its words.
   */
  readonly scripts?: Readonly<Record<string, string>>;
}

export interface RuleSpec {
  /** Rule id within the pack; the full id is `pack.id`. */
  readonly id: string;
  /**
   * Subcommand path matched against the leading positionals, words separated by spaces,
   * `*` for any one word: `'rollout restart'`. A list means any of them. Omitted: always.
   */
  readonly sub?: string | readonly string[];
  readonly effect: Effect;
  readonly reason: string;
  readonly scope?: Scope;
  /** An extra condition on flags or arguments; the rule matches only when it returns true. */
  readonly when?: (args: ParsedArgs, inv: Invocation) => boolean;
  /** State the command leaves for later commands on the same line (`use-context prod` → kube-context). */
  readonly sets?: (args: ParsedArgs, inv: Invocation) => Readonly<Record<string, string>> | undefined;
}

export interface PackSpec {
  readonly id: string;
  readonly programs: readonly string[];
  /**
   * Target kinds found by code (`targets`, hand-written checks) rather than by `targetFlags`,
   * `envTargets` or `ambient`, whose kinds are collected on their own.
   */
  readonly targetKinds?: readonly string[];
  /** Default `infra`. */
  readonly scope?: Scope;
  /** Flags that consume the next word, so positionals are found correctly. */
  readonly valueFlags?: readonly string[];
  /**
   * Short options bundle and take attached values, as getopt allows (`-Atc SQL`, `-uroot`): the
   * words are split before they are read. `attachedOnly`: options whose value is only ever
   * attached (mysql's `-pSECRET`; a lone `-p` asks for the password).
   */
  readonly getopt?: { readonly attachedOnly?: readonly string[] };
  /**
   * The invocation as the pack reads it, before its words are parsed: everything else in the spec
   * sees the result. Database clients mark the words only known at run time (`psql -c "$SQL"`), so
   * their SQL reader says what it cannot see instead of reading an empty statement.
   */
  readonly prepare?: (inv: Invocation) => Invocation;
  /** Flags whose value names a target: `{'--context': 'kube-context'}`. */
  readonly targetFlags?: Readonly<Record<string, string>>;
  /** Environment variables whose value names a target: `{AWS_PROFILE: 'aws-profile'}`. */
  readonly envTargets?: Readonly<Record<string, string>>;
  /** Ambient target kinds that apply when the command names none of that kind. */
  readonly ambient?: readonly string[];
  /** How its subcommands carry another command (see CarrierSpec). */
  readonly carries?: readonly CarrierSpec[];
  /** npm or PyPI packages that install its first program under another name, for `npx PACKAGE` and `uvx PACKAGE`. */
  readonly packages?: readonly string[];
  /** See Pack.ambientVariables. */
  readonly ambientVariables?: Readonly<Record<string, string>>;
  /** Flags that make any invocation a read. `--help` is always one. */
  readonly readFlags?: readonly string[];
  /**
   * Whether the command only asks for help, where a `--help` after the subcommand can belong to
   * something else (a commit message, the command a container runs). Default: `--help`, one of
   * `readFlags` anywhere, or a first word `help`. A pack that answers false finds help in `classify`.
   */
  readonly asksForHelp?: (args: ParsedArgs, inv: Invocation) => boolean;
  /** Ordered; the first rule that matches wins. */
  readonly rules: readonly RuleSpec[];
  /** When no rule matches. Default: a bare invocation is a read; an unknown subcommand a write. */
  readonly fallback?: { readonly effect: Effect; readonly reason: string };
  /** Targets that need code to find (resource names, URLs in arguments). */
  readonly targets?: (args: ParsedArgs, inv: Invocation) => readonly TargetHint[];
  /**
   * The escape hatch for what a table cannot say (SQL handed to a console, a payload to decode):
   * tried after help and before the rules. A verdict is given the pack's targets besides its own, and its scope;
   * `undefined` leaves the command to the rules. A list is one finding per verdict, for a command that
   * does several things the engine judges one by one (`s5cmd run` runs each line of its command file);
   * an empty list says nothing, so the engine judges the command by its words (`sail up`).
   */
  readonly classify?: (args: ParsedArgs, inv: Invocation) => Verdict | readonly Verdict[] | undefined;
}

interface CompiledRule {
  readonly spec: RuleSpec;
  readonly id: string;
  readonly paths: readonly (readonly string[])[];
}

/** Builds a table-driven pack: the usual shape for a CLI with subcommands. */
export function definePack(spec: PackSpec): Pack {
  const valueFlags = new Set(spec.valueFlags ?? []);
  for (const flag of Object.keys(spec.targetFlags ?? {})) valueFlags.add(flag);
  const readFlags = ['--help', ...(spec.readFlags ?? [])];
  const scope = spec.scope ?? 'infra';
  const rules: CompiledRule[] = spec.rules.map((rule) => ({
    spec: rule,
    id: `${spec.id}.${rule.id}`,
    paths: rule.sub === undefined ? [[]] : (typeof rule.sub === 'string' ? [rule.sub] : rule.sub).map((s) => s.split(' ')),
  }));

  // The rules that can match a given first positional, in table order: most lines test a handful
  // of rules instead of the whole table.
  const byFirstWord = new Map<string, readonly CompiledRule[]>();
  const candidates = (first: string | undefined): readonly CompiledRule[] => {
    const key = first ?? '';
    let list = byFirstWord.get(key);
    if (!list) {
      list = rules.filter((r) => r.paths.some((path) => path.length === 0 || path[0] === '*' || path[0] === first));
      if (byFirstWord.size < 512) byFirstWord.set(key, list);
    }
    return list;
  };
  const targetFlags = Object.entries(spec.targetFlags ?? {});
  const envTargets = Object.entries(spec.envTargets ?? {});
  const helpReason = `shows ${spec.id} help or a dry run`;
  const asksForHelp = spec.asksForHelp ?? ((args: ParsedArgs) => args.positionals[0] === 'help' || readFlags.some((flag) => args.flags.has(flag)));
  const bareReason = `runs ${spec.id} without a subcommand`;

  return {
    id: spec.id,
    programs: spec.programs,
    targetKinds: [...new Set([...spec.targetKinds ?? [], ...Object.values(spec.targetFlags ?? {}), ...Object.values(spec.envTargets ?? {}), ...spec.ambient ?? []])],
    ...(spec.carries ? { carries: spec.carries } : {}),
    ...(spec.packages ? { packages: spec.packages } : {}),
    ...(spec.ambientVariables ? { ambientVariables: spec.ambientVariables } : {}),
    classify(given) {
      const inv = spec.prepare ? spec.prepare(given) : given;
      const args = parseArgs(spec.getopt ? splitShortBundles(inv.args, valueFlags, spec.getopt.attachedOnly ?? []) : inv.args, valueFlags);
      const targets = collectTargets(targetFlags, envTargets, spec.targets, args, inv);
      const found = (ruleId: string, effect: Effect, reason: string, ruleScope: Scope = scope, setsAmbient?: Readonly<Record<string, string>>): Finding => {
        const finding: Finding = { ruleId, effect, scope: ruleScope, reason, targets, ambient: spec.ambient };
        return setsAmbient ? { ...finding, setsAmbient } : finding;
      };
      if (asksForHelp(args, inv)) return found(`${spec.id}.help`, 'read', helpReason, 'local');
      const coded = spec.classify?.(args, inv);
      if (coded) {
        const toFinding = (v: Verdict): Finding => findingOf(spec.id, v, scope, v.targets ? [...targets, ...v.targets] : targets, spec.ambient);
        return isVerdictList(coded) ? coded.map(toFinding) : toFinding(coded);
      }
      for (const rule of candidates(args.positionals[0])) {
        if (!rule.paths.some((path) => matchesPath(path, args.positionals))) continue;
        if (rule.spec.when && !rule.spec.when(args, inv)) continue;
        return found(rule.id, rule.spec.effect, rule.spec.reason, rule.spec.scope ?? scope, rule.spec.sets?.(args, inv));
      }
      if (spec.fallback) return found(`${spec.id}.other`, spec.fallback.effect, spec.fallback.reason);
      if (args.positionals.length === 0) return found(`${spec.id}.bare`, 'read', bareReason);
      // A local tool's unknown subcommand may be a plugin or a custom command that reaches anywhere
      // (`rush deploy-prod`): its words judge it, as they judge a program no pack knows.
      if (scope === 'local') return undefined;
      // A subcommand the table lacks still says what it does when its name destroys (`volume-purge`).
      const named = args.positionals.slice(0, 3).map(verbInName).find((v) => v?.effect === 'destroy');
      if (named) {
        return found(`${spec.id}.unrecognised-destroy`, 'destroy', `runs ${spec.id} ${args.positionals.slice(0, 3).join(' ')}, a subcommand Bulkhead does not know; judged by its words: \`${named.verb}\` destroys something`);
      }
      return found(`${spec.id}.unrecognised`, 'write', `runs ${spec.id} ${args.positionals[0]}, a subcommand Bulkhead does not know, so it is treated as a change`);
    },
  };
}

const isVerdictList = (coded: Verdict | readonly Verdict[]): coded is readonly Verdict[] => Array.isArray(coded);

function matchesPath(path: readonly string[], positionals: readonly string[]): boolean {
  if (path.length > positionals.length) return false;
  for (let i = 0; i < path.length; i++) {
    if (path[i] !== '*' && path[i] !== positionals[i]) return false;
  }
  return true;
}

function collectTargets(
  targetFlags: readonly [string, string][],
  envTargets: readonly [string, string][],
  more: PackSpec['targets'],
  args: ParsedArgs,
  inv: Invocation,
): TargetHint[] {
  const hints: TargetHint[] = [];
  for (const [flag, kind] of targetFlags) {
    const values = args.flags.get(flag);
    if (values) for (const value of values) if (value) hints.push({ kind, value, source: `${flag} flag` });
  }
  for (const [name, kind] of envTargets) {
    const value = inv.env[name];
    if (value) hints.push({ kind, value, source: `$${name}` });
  }
  if (more) hints.push(...more(args, inv));
  return hints;
}

/** Wraps a pack so that each of its findings can be adjusted with what its table cannot express. */
export function mapFindings(pack: Pack, adjust: (finding: Finding, inv: Invocation) => Finding): Pack {
  return {
    id: pack.id,
    programs: pack.programs,
    targetKinds: pack.targetKinds,
    ...(pack.carries ? { carries: pack.carries } : {}),
    ...(pack.packages ? { packages: pack.packages } : {}),
    classify(inv) {
      const result = pack.classify(inv);
      if (!result) return result;
      return Array.isArray(result) ? result.map((f) => adjust(f, inv)) : adjust(result as Finding, inv);
    },
  };
}

/**
 * Findings about local state (selecting a workspace or context, linking a project, logging in)
 * name no environment: the environment they point at is changed, not acted on.
 */
export function localOnly(finding: Finding): Finding {
  return { ...finding, targets: undefined, ambient: undefined };
}

/** A pack whose local-scope findings keep no targets. */
export function localWorkUntargeted(pack: Pack): Pack {
  return mapFindings(pack, (f) => (f.scope === 'local' ? localOnly(f) : f));
}

/** For hand-written packs: a finding with the pack's id prefixed. */
export function finding(
  packId: string,
  rule: string,
  effect: Effect,
  reason: string,
  extra: Partial<Omit<Finding, 'ruleId' | 'effect' | 'reason'>> = {},
): Finding {
  return { scope: 'infra', ...extra, ruleId: `${packId}.${rule}`, effect, reason };
}
