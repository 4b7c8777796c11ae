/**
 * Looks inside interpreter one-liners (`python -c`, `node -e`, `ruby -e`, `perl -e`,
 * `deno eval`, `php -r`) for what they do to the outside world: shell strings and argv lists
 * handed to subprocess APIs, files opened, and HTTP requests. This is a scanner for string
 * literals near known call names, not a parser of each language: it errs towards finding
 * more, and says so (`opaque`) when a call runs something it cannot read.
 */
export type ScriptLanguage = 'python' | 'node' | 'ruby' | 'perl' | 'deno' | 'php';

export interface ScriptRequest {
  readonly method: string;
  readonly url: string;
  readonly body?: string;
}

export interface ScriptScan {
  /** Shell command lines the script would run. */
  readonly commands: string[];
  /** argv lists handed to exec-style APIs (`subprocess.run([...])`, `execFileSync(...)`). */
  readonly argvs: string[][];
  /** Paths the script opens or reads. */
  readonly files: string[];
  readonly requests: ScriptRequest[];
  /** Set when the script runs something whose text is not a literal. */
  opaque?: string;
}

export function scriptLanguage(program: string): ScriptLanguage | undefined {
  if (/^python[0-9.]*$/.test(program) || program === 'pypy3') return 'python';
  if (program === 'node' || program === 'nodejs' || program === 'bun') return 'node';
  if (program === 'ruby') return 'ruby';
  if (program === 'perl') return 'perl';
  if (program === 'deno') return 'deno';
  if (program === 'php') return 'php';
  return undefined;
}

const stringLiteral = String.raw`(?:'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|\x60(?:[^\x60\\]|\\.)*\x60)`;

/** Calls whose first argument is a shell command string. */
const shellCalls: Readonly<Record<ScriptLanguage, RegExp>> = {
  python: /\b(?:os\.system|os\.popen|subprocess\.(?:run|call|check_call|check_output|Popen|getoutput|getstatusoutput)|commands\.getoutput)\s*\(/g,
  node: /\b(?:execSync|exec|spawnSync|spawn|execFileSync|execFile|\$)\s*\(/g,
  deno: /\b(?:Deno\.Command|Deno\.run|new\s+Deno\.Command)\s*\(/g,
  ruby: /(?:\bsystem|\bexec|\bspawn|%x|\bIO\.popen|\bOpen3\.\w+)\s*[({]?/g,
  perl: /\b(?:system|exec|qx)\s*[({]?/g,
  php: /\b(?:shell_exec|exec|system|passthru|popen|proc_open)\s*\(/g,
};

const fileCalls = /\b(?:open|readFileSync|readFile|createReadStream|File\.read|File\.open|IO\.read|file_get_contents|fopen|Deno\.readTextFile|Deno\.readFile|Path\(|load_dotenv|dotenv_values)\s*\(?\s*/g;

const httpMethodCall = /\b(?:requests|httpx|session|client|axios|http|ky|got|superagent)\.(get|post|put|patch|delete|head|request)\s*\(/gi;

export function scanScript(language: ScriptLanguage, code: string): ScriptScan {
  const scan: ScriptScan = { commands: [], argvs: [], files: [], requests: [] };
  scanBackticks(language, code, scan);
  const shellCall = new RegExp(shellCalls[language].source, 'g');
  for (let m = shellCall.exec(code); m; m = shellCall.exec(code)) {
    const after = code.slice(m.index + m[0].length);
    const list = /^\s*\[([^\]]*)\]/.exec(after);
    if (list) {
      const items = literals(list[1]);
      if (items.length > 0) scan.argvs.push(items);
      else scan.opaque = 'passes a computed argument list to a subprocess';
      continue;
    }
    const first = new RegExp(`^\\s*(${stringLiteral})`).exec(after);
    if (!first) {
      scan.opaque = 'runs a subprocess whose command is computed at run time';
      continue;
    }
    const command = unquote(first[1]);
    const rest = after.slice(first[0].length);
    const argList = /^\s*,\s*\[([^\]]*)\]/.exec(rest);
    if (argList && /spawn|execFile|Command/.test(m[0])) scan.argvs.push([command, ...literals(argList[1])]);
    else if (/spawn|execFile|Command/.test(m[0]) && !/shell\s*:\s*true/.test(rest.slice(0, 200))) scan.argvs.push([command]);
    else scan.commands.push(command);
  }
  for (const m of code.matchAll(new RegExp(fileCalls.source + `(${stringLiteral})`, 'g'))) scan.files.push(unquote(m[1]));
  scanHttp(code, scan);
  return scan;
}

function scanBackticks(language: ScriptLanguage, code: string, scan: ScriptScan): void {
  // Ruby, Perl and PHP run `…` as a shell command; in JavaScript it is only a template string.
  if (language !== 'ruby' && language !== 'perl' && language !== 'php') return;
  for (const m of code.matchAll(/`([^`]*)`/g)) scan.commands.push(m[1]);
}

function scanHttp(code: string, scan: ScriptScan): void {
  for (const m of code.matchAll(httpMethodCall)) {
    const after = code.slice((m.index ?? 0) + m[0].length);
    let method = m[1].toUpperCase();
    let urlMatch = new RegExp(`^\\s*(${stringLiteral})`).exec(after);
    if (method === 'REQUEST' && urlMatch) {
      method = unquote(urlMatch[1]).toUpperCase();
      urlMatch = new RegExp(`^\\s*,\\s*(${stringLiteral})`).exec(after.slice(urlMatch[0].length));
    }
    const url = urlMatch ? unquote(urlMatch[1]) : '';
    scan.requests.push({ method, url, body: bodyNear(after) });
  }
  for (const m of code.matchAll(/\bfetch\s*\(\s*/g)) {
    const after = code.slice((m.index ?? 0) + m[0].length);
    const urlMatch = new RegExp(`^(${stringLiteral})`).exec(after);
    const methodMatch = /method\s*:\s*(['"`])(\w+)\1/i.exec(after.slice(0, 400));
    scan.requests.push({ method: (methodMatch?.[2] ?? 'GET').toUpperCase(), url: urlMatch ? unquote(urlMatch[1]) : '', body: bodyNear(after) });
  }
  for (const m of code.matchAll(/\burllib\.request\.(?:urlopen|Request)\s*\(\s*/g)) {
    const after = code.slice((m.index ?? 0) + m[0].length);
    const urlMatch = new RegExp(`^(${stringLiteral})`).exec(after);
    const methodMatch = /method\s*=\s*(['"])(\w+)\1/i.exec(after.slice(0, 400));
    const body = bodyNear(after);
    scan.requests.push({ method: (methodMatch?.[2] ?? (body ? 'POST' : 'GET')).toUpperCase(), url: urlMatch ? unquote(urlMatch[1]) : '', body });
  }
}

function bodyNear(after: string): string | undefined {
  const window = after.slice(0, 2000);
  const m = new RegExp(`\\b(?:data|json|body|content)\\s*[:=]\\s*(${stringLiteral})`).exec(window);
  if (m) return unquote(m[1]);
  const query = /(mutation\s*\{[^}]*\}?|query\s*\{[^}]*\}?)/.exec(window);
  return query ? query[1] : undefined;
}

function literals(list: string): string[] {
  return [...list.matchAll(new RegExp(stringLiteral, 'g'))].map((m) => unquote(m[0]));
}

function unquote(literal: string): string {
  return literal.slice(1, -1).replace(/\\(.)/g, '$1');
}
