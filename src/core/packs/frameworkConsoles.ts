import type { Effect, Invocation } from '../model';
import { classifySql } from '../sql/classify';
import { stdinText } from './databaseTargets';
import type { Verdict } from './verdict';

/**
 * The consoles a web framework opens on its database or application (`manage.py dbshell`,
 * `rails console`, `artisan tinker`): what they run is the SQL or code written on the line or fed
 * on their input. Opened for a person to type in, they only read: the terminal guard checks each
 * line typed there as it runs.
 */

/** A database client the framework starts with the application's connection. */
export interface SqlConsole {
  /** Rule id of the console; the SQL's effect is appended (`dbshell-destroy`). */
  readonly rule: string;
  /** How the reason names the command: `rails dbconsole`. */
  readonly label: string;
  /** What a person gets without input: `a database shell`. */
  readonly opens: string;
}

export function sqlConsole(inv: Invocation, spec: SqlConsole): Verdict {
  const input = stdinText(inv);
  if (input && 'text' in input) {
    const sql = classifySql(input.text);
    return { rule: `${spec.rule}-${sql.effect}`, effect: sql.effect, reason: `${spec.label} runs SQL from its input: ${sql.reason}` };
  }
  if (input) return { rule: `${spec.rule}-opaque`, effect: 'unknown', reason: `${spec.label} runs SQL that it ${input.opaque}` };
  return { rule: spec.rule, effect: 'read', reason: `opens ${spec.opens}; what is typed there is checked by the terminal guard as it runs` };
}

/** A shell in the application's language, whose calls reach the database through its models. */
export interface CodeConsole extends SqlConsole {
  /** The language, as the reason for code that cannot be read names it: `Python`. */
  readonly language: string;
  /** What the code does, read from its calls. */
  readonly read: (code: string) => { effect: Effect; reason: string };
}

/** `code` is the code given on the line (`shell -c`, `tinker --execute`); otherwise its input is read. */
export function codeConsole(inv: Invocation, code: string | undefined, spec: CodeConsole): Verdict {
  let source = code;
  if (source === undefined) {
    const input = stdinText(inv);
    if (input && 'opaque' in input) return { rule: `${spec.rule}-opaque`, effect: 'unknown', reason: `${spec.label} runs ${spec.language} that it ${input.opaque}` };
    source = input?.text;
  }
  if (source === undefined) {
    return { rule: spec.rule, effect: 'read', reason: `opens ${spec.opens}; what is typed there is checked by the terminal guard as it runs` };
  }
  const v = spec.read(source);
  return { rule: `${spec.rule}-${v.effect}`, effect: v.effect, reason: `${spec.label} ${v.reason}` };
}
