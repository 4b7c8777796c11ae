
/**
 * Looks inside interpreter one-liners (`python -c`, `node -e`, `ruby -e`, `perl -e`,
 * `deno eval`, `php -r`) for what they do to the outside world: shell strings and argv lists
 * handed to subprocess APIs, files opened or deleted, HTTP requests, and cloud SDK calls.
 *
 * It is a scanner, not a parser of each language: a small lexer per language finds string
 * literals and comments (so a call named inside a string is not a call), then known call
 * names are matched on the code that remains and their arguments are evaluated as far as
 * literals, concatenation, simple variables, environment reads and base64 decoding allow.
 * What cannot be known becomes a shell variable (`${__bulkhead_computed}`, `${HOME}`), so
 * the shell walk that reads the results sees a dynamic word rather than a guess. It errs
 * towards finding more, and says so (`opaque`) when a call runs something it cannot read.
 *
 * Effects that have no shell form of their own are rendered as the equivalent command:
 * `shutil.rmtree(p)` → `rm -rf p`, `requests.delete(u)` → `curl -X DELETE u`,
 * `boto3.client('s3').delete_bucket(Bucket='b')` → `aws s3api delete-bucket --bucket b`.
 * Requests are emitted as curl command lines in `commands`, so the shell walk expands the
 * variables they use and the engine ties `${RAILWAY_TOKEN}` in a header to its environment.
 */
import { javascriptCalls } from './calls/javascript';
import { perlCalls } from './calls/perl';
import { phpCalls } from './calls/php';
import { pythonCalls } from './calls/python';
import { rubyCalls } from './calls/ruby';
import type { ScriptLanguage } from './languages';
import { type CallRule, Scanner, type ScriptScan } from './scanner';

export { type ScriptLanguage, scriptLanguage } from './languages';
export type { ScriptScan } from './scanner';

const maxCode = 64 * 1024;

const callRules: Readonly<Record<ScriptLanguage, readonly CallRule[]>> = {
  python: pythonCalls,
  node: javascriptCalls,
  deno: javascriptCalls,
  ruby: rubyCalls,
  perl: perlCalls,
  php: phpCalls,
};

export function scanScript(language: ScriptLanguage, code: string): ScriptScan {
  const scan: ScriptScan = { commands: [], argvs: [], files: [] };
  const source = code.length > maxCode ? code.slice(0, maxCode) : code;
  new Scanner(language, source, scan, 0, callRules[language]).run();
  return scan;
}
