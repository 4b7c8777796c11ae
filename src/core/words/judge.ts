import { type CodeWords, type Effect, effectSeverity, type Finding, type Invocation, type Scope, type TargetHint } from '../model';
import type { Policy } from '../policy/load';
import { classifySql } from '../sql/classify';
import { hintsFromValue } from '../targets/hints';
import { isOperand, parts, verbOf } from './verbs';
import {
  actionFlags, applyOnlyWith, buildTools, databaseNouns, decryptingFlags, genericValueFlags, goalListTools, goalTools, opensslCipher, infrastructureModules, interpreters,
  localGoalVerbs, localMachineTools, localPrograms, localValueFlags, machinePrograms, modeFlags, programReadOnlySwitches, queryFlags, readOnlyFlags, remoteVerbsOfLocalPrograms, revealingFlags,
  scriptExtension, scriptRunVerbs, secretManagers, secretNouns, shellPrograms, shippingVerbs, stageVariable, targetFlagKinds, taskRunners, textPrograms,
  localModeFlags, runnableNouns, verbEffects, verbsAfterANoun,
} from './vocabulary';
import { standaloneStageNames } from '../targets/stages';

/**
 * Judges a program no pack knows by its words: the verbs of its subcommands, script names and
 * flags, SQL in its arguments, and every argument or variable that names where it acts. Nothing
 * here claims that a program stays on this machine unless it is on one of the short lists of
 * local programs in the vocabulary.
 */
export function judgeByWords(inv: Invocation, policy: Policy): Finding {
  const finding = judgeWords(inv, policy);
  if (finding.scope === 'local') return finding;
  // A local cluster or virtual machine is this machine's: its words say what, and it is here.
  if (localMachineTools.has(inv.program)) {
    return { ...finding, scope: 'local', targets: [], reason: `${finding.reason.replace(/^is not known to Bulkhead; judged by its words: /, 'judged by its words: ')}, on this machine's own clusters or virtual machines` };
  }
  // `spark-submit --master 'local[4]'`: the program is told to run here, and nothing else on the line names a place.
  const here = localMode(inv);
  if (here && (finding.targets ?? []).length === 0 && !inv.words.some((w) => w.value.includes('://'))) {
    return { ...finding, scope: 'local', reason: `${finding.reason}, run on this machine (${here})` };
  }
  return finding;
}

/** A mode flag set to this machine: `--master local[4]`, `--deploy-mode local`, `--target=local`. */
function localMode(inv: Invocation): string | undefined {
  for (let i = 0; i < inv.args.length; i++) {
    const [flag, inline] = inv.args[i].startsWith('--') && inv.args[i].includes('=') ? inv.args[i].split(/=(.*)/s, 2) : [inv.args[i], undefined];
    if (!localModeFlags.has(flag)) continue;
    const value = inline ?? inv.args[i + 1];
    if (value !== undefined && /^local(?:\[[\d*]+(?:,\d+)?\])?$/.test(value)) return `${flag} ${value}`;
  }
  return undefined;
}

function judgeWords(inv: Invocation, policy: Policy): Finding {
  const { program } = inv;
  if (textPrograms.has(program)) {
    const decrypt = decryptingFlags.get(program);
    const cipher = program !== 'openssl' || inv.args.includes('-decrypt') || inv.args.some((a) => opensslCipher.test(a));
    if (decrypt && cipher && inv.args.some((a) => decrypt.includes(a))) {
      return {
        ruleId: 'words.decrypt', effect: 'read', scope: 'secret', inferred: true, targets: namedTargets(inv, policy),
        reason: 'decrypts what it is given: what it prints is a secret, of the environment its file names',
      };
    }
    return { ruleId: 'words.text', effect: 'read', scope: 'local', reason: 'works on text and files where it runs' };
  }
  const machine = machinePrograms.get(program);
  if (machine) {
    const readFlag = readOnlySwitch(inv)
      ?? inv.args.find((a) => readOnlyFlags.has(a) || a === '--detail' || a === '--examine' || a === 'list' || a === 'status');
    if (readFlag) return { ruleId: 'words.machine-read', effect: 'read', scope: 'local', reason: `\`${readFlag}\` only reports` };
    return { ruleId: 'words.machine', effect: 'destroy', scope: 'local', reason: machine, targets: namedTargets(inv, policy) };
  }
  if (inv.code) {
    const code = judgeCode(inv, inv.code, policy);
    if (code) return code;
  }
  const script = scriptName(inv);
  if (isInterpreter(program) && (!script || inv.code)) {
    // Inline code (`node -e`, `ruby -e`) is read by the interpreter scanner before it gets here.
    return inv.code
      ? { ruleId: 'words.interpreter', effect: 'read', scope: 'local', reason: 'runs code on this machine that Bulkhead read for commands and requests' }
      : { ruleId: 'words.interpreter', effect: 'read', scope: 'local', inferred: true, reason: 'runs a module or its prompt, whose code Bulkhead does not read, and nothing on the line names a change' };
  }
  const positionals = leadingPositionals(inv.args, localPrograms.has(program) ? localValueFlags : valueTakingFlag);
  let subject: readonly string[];
  if (localPrograms.has(program)) {
    const first = positionals[0];
    const goal = buildTools.has(program) ? buildToolGoal(program, positionals.slice(0, 4)) : undefined;
    if (goal) {
      const report = reportingFlag(inv);
      if (report) return inferredRead(`\`${report}\` reports what it would do`, inv, policy, []);
      return inferred(goal.effect, 'infra', `\`${goal.verb}\` in the ${program} goal \`${goal.word}\` acts beyond this machine`, inv, policy);
    }
    if (inv.task && !inv.task.read) {
      // A script the workspace does not hold (`yarn workspace @acme/api db:drop:production`): its name is what is left.
      subject = positionals.slice(0, 4).filter((w) => !scriptRunVerbs.has(w));
    } else if (first !== undefined && scriptRunVerbs.has(first)) {
      // `go run ./cmd/nuke`, `deno run scripts/wipe.ts`: a program run by its path is named by its last segment.
      subject = positionals.slice(1, 2).map((w) => (w.includes('/') ? w.slice(w.lastIndexOf('/', w.length - 2) + 1).replace(/\/$/, '').replace(scriptExtension, '') : w));
    } else if (first !== undefined && remoteVerbsOfLocalPrograms.has(first)) {
      // `npm publish --dry-run` packs and reports; `npm dist-tag ls` reads the registry.
      const report = reportingFlag(inv);
      if (report) return inferredRead(`\`${report}\` reports what it would do`, inv, policy, []);
      if (positionals[1] !== undefined && verbEffects.get(positionals[1]) === 'read') return inferredRead(`\`${first} ${positionals[1]}\` reads`, inv, policy, []);
      return inferred(verbEffects.get(first) === 'destroy' ? 'destroy' : 'write', 'infra', `\`${first}\` sends to a registry or a remote`, inv, policy);
    } else {
      const mutates = positionals.slice(0, 2).some((w) => { const e = verbOf(w)?.effect; return e === 'write' || e === 'destroy'; });
      return {
        ruleId: 'words.local-tool', effect: mutates ? 'write' : 'read', scope: 'local',
        reason: mutates ? 'changes packages, builds or settings where it runs' : 'works where it runs',
      };
    }
  } else if (taskRunners.has(program)) {
    // A task's name can be a phrase (VS Code's `"Reset DB"`): each of its words is a word of the name.
    subject = positionals.slice(0, 4).flatMap((w) => (w.length <= 64 ? w.split(/\s+/).filter(Boolean) : [w]));
  } else {
    // Versions and file names among the subcommand words (`releases deploys 2.4.1 new`) are what it acts on.
    subject = positionals.filter((w) => !isOperand(w)).slice(0, 3);
  }
  // A script's own words follow it; an address among them (`-s https://ci.acme.internal/`) is where, not what.
  if (script) subject = [script.name, ...(script.viaRunner ? leadingPositionals(inv.args.slice(script.rest)).filter((w) => !w.includes('://')).slice(0, 2) : subject)];
  // A program run under a name that is not a plain binary (`yarn db:drop` runs the script `db:drop`), a
  // package's binary or script run by a package manager (`pnpm teardown`), or one named after a
  // destroying verb (`purge`, `nuke`) says what it does by its name.
  else if (/[:_-]/.test(program) || viaPackageManager(inv) || verbEffects.get(program.toLowerCase()) === 'destroy') subject = [program, ...subject];

  const sql = sqlIn(inv);
  if (sql) return inferred(sql.effect, 'infra', `the SQL it is given ${sql.reason}`, inv, policy);

  const readFlag = reportingFlag(inv);
  let found: { word: string; verb: string; effect: Effect } | undefined;
  // A subcommand path can name a reading noun before its action (`fastly service version activate`):
  // the worst verb on the path is what it does, a read only when nothing else is.
  // After a reading verb, a compound word is what is read (`get purge-policy`), not an order.
  for (const word of subject) {
    const verb = verbOf(word);
    if (!verb || (found?.effect === 'read' && found.word === found.verb && verb.verb !== word.toLowerCase())) continue;
    if (word === positionals[0] && verbsAfterANoun.has(verb.verb)) continue;
    if (!found || effectSeverity[verb.effect] > effectSeverity[found.effect]) found = { word, ...verb };
  }
  // `run` is a change only after what it sets going elsewhere (`prefect deployment run`, `airflow tasks run`);
  // first after the program it runs local code (`hatch run test`).
  const ran = subject.findIndex((w, i) => i > 0 && w === 'run' && runnableNouns.has(subject[i - 1].toLowerCase()));
  if (ran > 0 && (!found || effectSeverity.write > effectSeverity[found.effect])) found = { word: `${subject[ran - 1]} run`, verb: 'run', effect: 'write' };
  // A flag's value can be the action (`--tool-name delete_database`); it only makes the finding worse.
  for (const action of actionValues(inv.args)) {
    const verb = verbOf(action);
    if (verb && verb.effect !== 'read' && (!found || effectSeverity[verb.effect] > effectSeverity[found.effect])) found = { word: action, ...verb };
  }
  // A flag can say what the command does (`--create`, `--alter`), and only make it worse: `--delete`
  // turns a sync into a destroy, `-purge` a stop.
  for (const arg of inv.args) {
    if (arg === '--') break;
    if (!arg.startsWith('-') || arg.length < 3) continue;
    const name = flagName(arg);
    if (name.startsWith('no-') || modeFlags.has(name)) continue;
    const verb = verbOf(name);
    if (!verb) continue;
    const whole = verb.verb === name && !arg.includes('=');
    if (verb.effect === 'destroy' && found?.effect !== 'destroy') found = { word: arg, ...verb };
    else if (!found && whole && verb.effect === 'write') found = { word: arg, ...verb };
  }
  if (readFlag && found?.effect !== 'read') return inferredRead(`\`${readFlag}\` reports what it would do`, inv, policy, []);
  const applyFlag = applyOnlyWith.get(program);
  if (applyFlag && !inv.args.includes(applyFlag)) return inferredRead(`without \`${applyFlag}\` it only reports what it would change`, inv, policy, []);
  const namesOnly = inv.args.some((a) => namesOnlyFlags.has(a)) || (found !== undefined && listingVerbs.has(found.verb));
  if (secretManagers.has(program) && (!found || found.effect === 'read') && !namesOnly) {
    return {
      ruleId: 'words.secret-manager', effect: 'read', scope: 'secret', inferred: true,
      reason: 'reads from a secret manager: what it prints is a credential', targets: namedTargets(inv, policy),
    };
  }
  if (!found) {
    return {
      ruleId: 'words.none', effect: 'read', scope: 'local', inferred: true,
      reason: `${unreadBody(inv) ?? unreadScript(inv) ?? 'is not known to Bulkhead'}, and none of its words names a change`,
    };
  }
  const where = found.word === found.verb ? `\`${found.verb}\`` : `\`${found.verb}\` in \`${found.word}\``;
  if (found.effect === 'read') return inferredRead(`${where} reads`, inv, policy, namesOnly ? [] : subject);
  return inferred(found.effect, 'infra', `${where} ${found.effect === 'destroy' ? 'destroys' : 'changes'} something`, inv, policy);
}

function inferred(effect: Effect, scope: Scope, why: string, inv: Invocation, policy: Policy): Finding {
  return {
    ruleId: `words.${effect}`, effect, scope, inferred: true,
    reason: `${unreadBody(inv) ?? unreadScript(inv) ?? 'is not known to Bulkhead; judged by its words'}: ${why}`, targets: namedTargets(inv, policy),
  };
}

/**
 * A build tool's task or goal that reaches past the build (`mvn flyway:clean`, `./gradlew deployProd`,
 * `mix ecto.drop`, `cargo xtask deploy`, `dotnet ef database update`): a destroying verb, a verb
 * that ships or migrates, or a change said of a database. Cleaning, building and managing
 * dependencies stay local.
 */
function buildToolGoal(program: string, words: readonly string[]): { word: string; verb: string; effect: Effect } | undefined {
  let found: { word: string; verb: string; effect: Effect } | undefined;
  for (const [k, word] of words.entries()) {
    // `cargo remove serde`, `bazel build //deploy:prod`: a tool's own sub-command for the build or its dependencies.
    // mvn, gradle and sbt take a list of goals instead (`mvn clean deploy`), each of which counts.
    if (k === 0 && localGoalVerbs.has(word) && !goalListTools.has(program)) return undefined;
    // What follows `add` or `new` is the name of what is made (`dotnet ef migrations add RemoveSoftDeleteFlag`).
    if (k > 0 && verbsAfterANoun.has(words[k - 1])) break;
    const split = word.length <= 64 ? parts(word) : [];
    const database = split.some((p) => databaseNouns.has(p)) || (k > 0 && databaseNouns.has(words[k - 1]));
    for (const part of split) {
      // `migrations add` writes code here; it is not a change to the database.
      if (verbsAfterANoun.has(part)) continue;
      const effect = part === 'clean' && database ? 'destroy' : verbEffects.get(part);
      const counts = effect === 'destroy' || (effect === 'write' && (shippingVerbs.has(part) || database));
      if (counts && effect && (!found || effectSeverity[effect] > effectSeverity[found.effect])) found = { word, verb: part, effect };
    }
  }
  return found;
}

/** An interpreter or shell running a script file whose code is not read here: `node scripts/reset-db.mjs`. */
function unreadScript(inv: Invocation): string | undefined {
  const script = scriptName(inv);
  return script?.viaRunner ? `runs the ${script.module ? 'module' : 'script'} ${script.name}, whose code Bulkhead does not read; judged by its name and arguments` : undefined;
}

/** Why a task runner or script was judged by its name: its body could not be read. */
function unreadBody(inv: Invocation): string | undefined {
  if (!inv.task || inv.task.read) return undefined;
  // Messages put the program first (`make destroy-production: no Makefile here …`): the note does not repeat it.
  const note = inv.task.note;
  return note.startsWith(`${inv.program} `) ? note.slice(inv.program.length + 1) : note;
}

/** Reached through a package manager's bare form or its package runner: `pnpm teardown`, `npx nuke`. */
function viaPackageManager(inv: Invocation): boolean {
  const last = inv.via.at(-1)?.split(' ');
  return last !== undefined && (last[0] === 'npx' || (localPrograms.has(last[0]) && (last.length === 1 || packageRunners.has(last[1]))));
}

function isInterpreter(program: string): boolean {
  return interpreters.has(program) || /^(?:python|pypy)\d(?:\.\d+)?$/.test(program);
}

/**
 * Code no call table knows, judged by its words: a destroying or changing call name
 * (`DeleteBucketCommand`, `.flushall()`, `drop_database`) or SQL in a literal, in code that loads
 * a library that talks to infrastructure or names a URL or host. What the literals name is where
 * it acts. Code with neither a library nor an address stays with the interpreter's own reading.
 */
function judgeCode(inv: Invocation, code: CodeWords, policy: Policy): Finding | undefined {
  // Deno names npm and JSR packages with their registry (`npm:@aws-sdk/client-s3`).
  // `ruby -raws-sdk-s3 -e …`, `node -r @aws-sdk/client-s3 -e …`: libraries loaded by the interpreter's own option.
  const loaded = inv.args.flatMap((a, i) => (a === '-r' || a === '--require' ? [inv.args[i + 1] ?? ''] : /^-r[^-]/.test(a) ? [a.slice(2)] : []));
  const library = [...code.modules, ...loaded].map((m) => m.replace(/^(?:npm|jsr):/, '')).find((m) => infrastructureModules.some((prefix) => m === prefix
    || (/[/\\-]$/.test(prefix) ? m.startsWith(prefix) : m.startsWith(`${prefix}.`) || m.startsWith(`${prefix}/`))));
  const address = code.literals.find((l) => l.includes('://') || /\b(?:host|dbname)=/.test(l) || /^[a-z0-9-]+(?:\.[a-z0-9-]+)+\.[a-z]{2,}$/i.test(l));
  if (!library && !address) return undefined;
  let found: { why: string; effect: Effect } | undefined;
  const worse = (effect: Effect, why: string) => {
    if (!found || effectSeverity[effect] > effectSeverity[found.effect]) found = { why, effect };
  };
  for (const literal of code.literals) {
    if (!/\s/.test(literal) || !sqlStart.test(literal)) continue;
    const sql = classifySql(literal);
    if (sql.effect === 'write' || sql.effect === 'destroy') worse(sql.effect, `the SQL in it ${sql.reason}`);
  }
  for (const call of code.calls) {
    // Ruby's bang and predicate methods (`delete!`) are the verb.
    const verb = verbOf(call.replace(/[!?]$/, ''));
    if (!verb || verb.effect === 'read') continue;
    // A lone changing word is mostly the language's own (`list.push`, `dict.update`, `str.replace`).
    if (verb.effect === 'write' && parts(call).length < 2) continue;
    const where = call.toLowerCase() === verb.verb ? `\`${call}\`` : `\`${verb.verb}\` in \`${call}\``;
    worse(verb.effect, `${where} ${verb.effect === 'destroy' ? 'destroys' : 'changes'} something`);
  }
  if (!found) return undefined;
  const through = library ? ` through ${library}` : ` at ${address}`;
  const literals: Invocation = { ...inv, args: code.literals.filter((l) => !sqlStart.test(l)), assigned: {}, words: [] };
  return {
    ruleId: `words.code-${found.effect}`, effect: found.effect, scope: 'infra', inferred: true,
    reason: `runs code whose calls Bulkhead has no table for; judged by its words: ${found.why}${through}`,
    targets: [...namedTargets(literals, policy), ...namedTargets({ ...inv, code: undefined }, policy)],
  };
}

/** Reads are allowed wherever they land; one that names a secret (`variable get`) is a secret read of where it points. */
function inferredRead(why: string, inv: Invocation, policy: Policy, subject: readonly string[]): Finding {
  const reveals = inv.args.find((a) => a.startsWith('--') && revealingFlags.has(flagName(a)));
  if (reveals) {
    return {
      ruleId: 'words.secret-read', effect: 'read', scope: 'secret', inferred: true,
      reason: `is not known to Bulkhead; judged by its words: ${why}, and \`${reveals}\` prints the secrets it would hide`, targets: namedTargets(inv, policy),
    };
  }
  if (subject.some((w) => !isOperand(w) && parts(w).some((p) => secretNouns.has(p)))) {
    return {
      ruleId: 'words.secret-read', effect: 'read', scope: 'secret', inferred: true,
      reason: `is not known to Bulkhead; judged by its words: ${why} a secret`, targets: namedTargets(inv, policy),
    };
  }
  return { ruleId: 'words.read', effect: 'read', scope: 'local', inferred: true, reason: `${unreadBody(inv) ?? 'is not known to Bulkhead; judged by its words'}: ${why}` };
}

/** A flag that makes the command a report (`--dry-run`, `-n` of make); `--version 0.4.1` names a version, `--version` alone asks for the program's. */
function reportingFlag(inv: Invocation): string | undefined {
  return readOnlySwitch(inv)
    ?? inv.args.find((a, i) => readOnlyFlags.has(a) && !(a === '--version' && i + 1 < inv.args.length && !inv.args[i + 1].startsWith('-')))
    ?? inv.args.find(reportingValue);
}

/** `--dry-run=client`, `--dry=json`: a reporting flag given a value other than one that turns it off. */
function reportingValue(arg: string): boolean {
  const eq = arg.indexOf('=');
  return eq > 0 && arg.startsWith('--') && readOnlyFlags.has(arg.slice(0, eq)) && arg.slice(0, eq) !== '--version' && !/^(?:false|0|no|off|none)$/i.test(arg.slice(eq + 1));
}

/** A program's own dry-run switch, alone or in a cluster (`rsync -avn`). */
function readOnlySwitch(inv: Invocation): string | undefined {
  const letters = programReadOnlySwitches.get(inv.program);
  if (!letters) return undefined;
  for (const arg of inv.args) {
    if (arg === '--') break;
    if (/^-[A-Za-z]+$/.test(arg) && [...arg.slice(1)].some((c) => letters.includes(c))) return arg;
  }
  return undefined;
}

/** A long option of an unknown program that takes a value: the word after it is not a subcommand. */
const valueTakingFlag = {
  has: (arg: string): boolean => arg.startsWith('--') && !arg.includes('=') && (genericValueFlags.has(flagName(arg)) || targetFlagKinds.has(flagName(arg))),
};

/** The words that are not flags, up to `--`: the subcommand path and its operands. */
function leadingPositionals(args: readonly string[], valueFlags?: { has(arg: string): boolean }): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--') break;
    if (valueFlags?.has(arg)) {
      i++;
      continue;
    }
    if (arg.startsWith('-') || arg.includes('=') || arg === '') continue;
    out.push(arg);
  }
  return out;
}

/** `--Delete-After=1` → `delete-after`; one-letter flags keep their case (`-H` is not `-h`). */
function flagName(flag: string): string {
  const bare = flag.replace(/^-+/, '');
  const eq = bare.indexOf('=');
  const name = eq < 0 ? bare : bare.slice(0, eq);
  return name.length === 1 ? name : name.toLowerCase();
}

/** Values of the flags that name an action: `--tool-name delete_database`, `--action=purge`. */
function actionValues(args: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--') break;
    if (!arg.startsWith('--')) continue;
    const name = flagName(arg);
    if (!actionFlags.has(name)) continue;
    const eq = arg.indexOf('=');
    const value = eq > 0 ? arg.slice(eq + 1) : args[i + 1];
    if (value !== undefined && !value.startsWith('-')) out.push(value.slice(value.lastIndexOf('/') + 1));
  }
  return out;
}

/** Listing a secret store shows the names of its secrets, not their values. */
const listingVerbs: ReadonlySet<string> = new Set(['list', 'ls', 'status', 'help', 'version', 'whoami', 'search']);
const namesOnlyFlags: ReadonlySet<string> = new Set(['--only-names', '--names-only', '--keys-only', '--list']);

/** Subcommands of package managers that run a package's binary: `pnpm dlx`, `bun x`, `npm exec`. */
const packageRunners: ReadonlySet<string> = new Set(['exec', 'dlx', 'x']);

const sqlStart = /^\s*(?:select|insert|update|delete|drop|truncate|alter|create|grant|revoke|replace|merge|use|with)\b/i;

/** A script's header comments (`-- nightly cleanup`, block comments) come before its first statement. */
function withoutLeadingComments(text: string): string {
  return text.replace(/^(?:\s*(?:--[^\n]*(?:\n|$)|\/\*[\s\S]*?\*\/))*/, '');
}

/** SQL handed to a client no pack knows (`cqlsh host -e "DROP KEYSPACE …"`, `turso db shell db "DROP TABLE …"`). */
function sqlIn(inv: Invocation): { effect: Effect; reason: string } | undefined {
  let worst: { effect: Effect; reason: string } | undefined;
  // SQL piped in counts as SQL given (`printf 'DROP DATABASE raw;' | snowsql -c prod`).
  const files = inv.args.filter((a) => /^[\w./-]+\.sql$/i.test(a)).slice(0, 8).map((a) => inv.fileText?.(a)).filter((t): t is string => t !== undefined);
  const args = [...inv.args, ...(inv.stdin?.text ? [inv.stdin.text] : []), ...files];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const text = eq > 0 && queryFlags.has(arg.slice(0, eq)) ? arg.slice(eq + 1) : queryFlags.has(arg) ? args[i + 1] : arg;
    if (!text || !/\s/.test(text) || !sqlStart.test(withoutLeadingComments(text))) continue;
    const result = classifySql(text);
    if ((result.effect === 'write' || result.effect === 'destroy') && (!worst || effectSeverity[result.effect] > effectSeverity[worst.effect])) {
      worst = { effect: result.effect, reason: result.reason };
    }
  }
  return worst;
}

/** A script run by path or through a shell: its name says what it does when its body is not read. */
function scriptName(inv: Invocation): { name: string; viaRunner: boolean; rest: number; module?: boolean } | undefined {
  const base = (path: string) => path.slice(path.lastIndexOf('/') + 1).replace(scriptExtension, '');
  if (inv.argv0.includes('/') || scriptExtension.test(inv.argv0)) return { name: base(inv.argv0), viaRunner: false, rest: 0 };
  // `java -jar tools/jenkins-cli.jar build deploy-prod`: the jar is the program.
  const jar = inv.program === 'java' ? inv.args.indexOf('-jar') : -1;
  if (jar >= 0 && inv.args[jar + 1]) return { name: base(inv.args[jar + 1]).replace(/\.jar$/i, ''), viaRunner: true, rest: jar + 2 };
  if (!shellPrograms.has(inv.program) && !isInterpreter(inv.program) && inv.program !== 'source' && inv.program !== '.') return undefined;
  // `python -m acme.tools.purge_bucket`: a module of the workspace is named by its last part.
  const module = isInterpreter(inv.program) ? inv.args.indexOf('-m') : -1;
  if (module >= 0 && inv.args[module + 1] && !inv.args[module + 1].startsWith('-')) {
    return { name: inv.args[module + 1].slice(inv.args[module + 1].lastIndexOf('.') + 1), viaRunner: true, rest: module + 2, module: true };
  }
  // `deno run -A scripts/wipe.ts`: past the runner's own `run` and switches.
  let at = inv.args[0] === 'run' && (inv.program === 'deno' || inv.program === 'bun') ? 1 : 0;
  while (at < inv.args.length && /^-[A-Za-z-]+$/.test(inv.args[at]) && at < 4) at++;
  const first = inv.args[at];
  if (!first || first.startsWith('-') || !(first.includes('/') || scriptExtension.test(first))) return undefined;
  // A sourced file that sets up the shell (`source .venv/bin/activate`) names the shell's state, not work.
  if ((inv.program === 'source' || inv.program === '.') && shellSetupNames.test(base(first))) return undefined;
  return { name: base(first), viaRunner: true, rest: at + 1 };
}

/** Names of files sourced to set up a shell: virtualenv activation, variables, completions, rc files. */
const shellSetupNames = /^\.?(?:activate|env|setenv|vars|init|profile|completions?|aliases|functions|(?:ba|z|k)?shrc|(?:ba|z)?sh_profile)$/i;

/** A program's own variables looked at, at most: the environment can hold thousands. */
const maxProgramVariables = 32;

/** `wal-g` → `WALG_`, `WAL_G_`: the prefixes a program's own configuration variables carry. */
function programVariablePrefixes(program: string): string[] {
  const upper = program.toUpperCase();
  if (!/^[A-Z][A-Z0-9._-]+$/.test(upper)) return [];
  return [...new Set([`${upper.replace(/[^A-Z0-9]/g, '')}_`, `${upper.replace(/[^A-Z0-9]/g, '_')}_`])];
}

/** A build tool's goal run by a tool of its own (`sbt flywayMigrate`, `mvn liquibase:update`) takes that tool's variables. */
function goalToolPrefixes(inv: Invocation): string[] {
  if (!buildTools.has(inv.program)) return [];
  const tools = new Set<string>();
  for (const arg of inv.args) {
    if (arg.startsWith('-') || arg.length > 64) continue;
    for (const part of parts(arg)) if (goalTools.has(part)) tools.add(`${part.toUpperCase()}_`);
  }
  return [...tools];
}


/** JSON handed as an argument (`--params '{"database":"acme_prod"}'`) is read up to this size and depth. */
const maxJsonArgument = 8192;
const maxJsonDepth = 6;

/** The string values of a JSON object argument with their keys; nothing when it does not parse. */
function jsonStrings(text: string): [string, string][] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return [];
  }
  const out: [string, string][] = [];
  const walk = (value: unknown, key: string, depth: number): void => {
    if (depth > maxJsonDepth || out.length >= 200) return;
    if (typeof value === 'string') out.push([key, value]);
    else if (Array.isArray(value)) for (const item of value) walk(item, key, depth + 1);
    else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) walk(v, k, depth + 1);
  };
  walk(parsed, '', 0);
  return out;
}

interface EnvironmentWords {
  readonly names: ReadonlySet<string>;
  /** Whether a value mentions one of the names anywhere: most arguments do not, and are not split. */
  readonly mention: RegExp;
}

const environmentWordSets = new WeakMap<Policy, EnvironmentWords>();

/** The words that name an environment on their own: the strong stage words and the policy's names. */
function environmentWords(policy: Policy): EnvironmentWords {
  let words = environmentWordSets.get(policy);
  if (!words) {
    const names = new Set([...standaloneStageNames, ...policy.environments.map((e) => e.name.toLowerCase())]);
    const mention = new RegExp([...names].map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'i');
    words = { names, mention };
    environmentWordSets.set(policy, words);
  }
  return words;
}

/**
 * Variables a command hands on that name an environment (`-f environment=production`,
 * `--variables DEPLOY_ENV:production`, `--set tier=prod`): whatever the program, what it starts
 * runs there.
 */
export function stageAssignments(args: readonly string[]): TargetHint[] {
  const hints: TargetHint[] = [];
  for (const arg of args) {
    if (arg === '--') break;
    const value = arg.startsWith('-') && arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : arg;
    if (value.length > 512 || (!value.includes('=') && !value.includes(':'))) continue;
    for (const piece of value.split(',')) {
      const m = /^([A-Za-z_][A-Za-z0-9_.-]*)[=:]([A-Za-z0-9_-]+)$/.exec(piece);
      if (m && stageVariable.test(m[1].toUpperCase().replace(/[.-]/g, '_'))) hints.push({ kind: 'stage', value: m[2], source: piece });
    }
  }
  return hints;
}

/** Everything on the command that names where it acts; the policy's targets decide whose it is. */
export function namedTargets(inv: Invocation, policy: Policy): TargetHint[] {
  const hints: TargetHint[] = [];
  const { names, mention } = environmentWords(policy);
  const stage = (value: string, source: string) => hints.push({ kind: 'stage', value, source });
  const stagesIn = (value: string, source: string) => {
    if (!mention.test(value)) return;
    for (const part of parts(value)) if (names.has(part)) stage(part, source);
  };
  const located = (value: string, source: string) => {
    if (value.startsWith('{') && value.length <= maxJsonArgument) {
      for (const [key, inner] of jsonStrings(value)) {
        const kinds = targetFlagKinds.get(key.toLowerCase());
        for (const kind of kinds ?? []) {
          if (kind === 'stage') stage(inner, source);
          else if (kind !== 'path-words' && kind !== 'url') hints.push({ kind, value: inner, source });
        }
        stagesIn(inner, source);
        hints.push(...hintsFromValue(inner, source));
      }
      return;
    }
    hints.push(...hintsFromValue(value, source));
    const remote = /^(?:[^@\s/]+@)?([a-z0-9][a-z0-9.-]*\.[a-z]{2,}):/i.exec(value);
    if (remote) hints.push({ kind: 'host', value: remote[1].toLowerCase(), source });
    // rclone, restic and friends name a configured remote and a bucket: `prod-s3:acme-backups/db`, `s3:host/bucket`.
    const named = /^([A-Za-z0-9_-]+):(?!\/\/)([^\s]+)/.exec(value);
    if (named) {
      for (const piece of named[2].split('/').filter(Boolean).slice(0, 2)) hints.push({ kind: 'resource', value: piece, source });
      stagesIn(named[1], source);
    }
    stagesIn(value, source);
  };
  // The name a script or task runs under (`./scripts/wipe-staging.sh`, `yarn db:reset:prod`).
  stagesIn(inv.program, inv.argv0);
  for (let i = 0; i < inv.args.length; i++) {
    const arg = inv.args[i];
    // A build profile (`mvn -Pprod`, `-P production,eu`) or a Gradle project property (`-Penv=production`) names the stage it builds for.
    if (buildTools.has(inv.program) && /^-P/.test(arg)) {
      const value = arg.length > 2 ? arg.slice(2) : inv.args[++i] ?? '';
      for (const profile of value.split(',')) stagesIn(profile.replace(/^!|^[\w.-]+=/g, ''), `-P ${value}`);
      continue;
    }
    // A JVM system property (`-Denv=prod`, `-Dflyway.url=jdbc:postgresql://db.prod…`): a setting named like a stage, or a value that names a place.
    const property = /^-D([A-Za-z_][\w.-]*)=(.+)$/s.exec(arg);
    if (property) {
      const key = property[1].split('.').pop() ?? '';
      if (stageVariable.test(key.toUpperCase()) || /^(?:profile|profiles|active)$/i.test(key)) stage(property[2], arg);
      else located(property[2], arg);
      continue;
    }
    if (arg.startsWith('-') && arg.length > 1) {
      const name = flagName(arg);
      const kinds = targetFlagKinds.get(name);
      if (!kinds) {
        // `./deploy.sh --production`: a switch named after an environment.
        if (names.has(name) && !arg.includes('=')) stage(name, arg);
        continue;
      }
      const eq = arg.indexOf('=');
      const value = eq > 0 ? arg.slice(eq + 1) : inv.args[i + 1];
      if (value === undefined || value.startsWith('-') || value === '') continue;
      if (eq < 0) i++;
      const source = eq > 0 ? arg : `${arg} ${value}`;
      // A variable handed to what the program runs: `--env DEPLOY_ENV=production`, `-p ENV=prod`.
      const handed = /^([A-Za-z_][A-Za-z0-9_]*)=(.+)$/.exec(value);
      if (handed && stageVariable.test(handed[1].toUpperCase())) {
        stage(handed[2], source);
        continue;
      }
      for (const kind of kinds) {
        if (kind === 'stage') stage(value, source);
        else if (kind === 'path-words') stagesIn(value, source);
        else if (kind === 'url') located(value, source);
        else hints.push({ kind, value, source });
      }
      continue;
    }
    const eq = arg.indexOf('=');
    if (eq > 0 && stageVariable.test(arg.slice(0, eq).toUpperCase())) {
      stage(arg.slice(eq + 1), arg);
      continue;
    }
    located(arg, arg);
  }
  for (const [name, value] of Object.entries(inv.assigned)) {
    if (stageVariable.test(name.toUpperCase())) stage(value, `${name}=${value}`);
    else located(value, `${name}=${value}`);
  }
  // A program's own variables configure where it acts (`WALG_S3_PREFIX`, `RESTIC_REPOSITORY`, `NOMAD_ADDR`),
  // whether this line or the environment it runs in set them.
  const own = [...programVariablePrefixes(inv.program), ...goalToolPrefixes(inv)];
  let seen = 0;
  for (const [name, value] of Object.entries(inv.env)) {
    if (Object.hasOwn(inv.assigned, name) || !own.some((p) => name.startsWith(p)) || value.length > 512) continue;
    if (++seen > maxProgramVariables) break;
    if (stageVariable.test(name)) stage(value, `${name}=${value}`);
    else located(value, `${name}=${value}`);
  }
  return hints;
}
