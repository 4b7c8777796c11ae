import { computed, literalText, str } from '../values';
import type { CallRule } from '../scanner';
import { directoryRemover, evalRunner, fileCopier, fileMover, fileRemover, fileWriter, methodFirstRequest, recursiveRemover, systemRunner, verbRequest } from './common';

/** Perl calls: system and exec, string eval, unlink and rmtree, open with pipes, LWP and HTTP::Tiny requests. */
export const perlCalls: readonly CallRule[] = [
  { pattern: /(?<![\w$>:&])(?:CORE::)?(?:system|exec)\b\s*\(?/g, bare: true, handle: systemRunner },
  { pattern: /(?<![\w$>:])eval\b\s*\(?/g, bare: true, handle: (s, m, args) => {
    // `eval { … }` is a block, not a string.
    if (s.lexed.masked.slice((m.index ?? 0) + m[0].length).trimStart().startsWith('{')) return;
    evalRunner(s, m, args);
  } },
  { pattern: /(?<![\w$>:])unlink\b\s*\(?/g, bare: true, handle: fileRemover },
  { pattern: /(?<![\w$>])(?:File::Path::)?(?:rmtree|remove_tree)\b\s*\(?/g, bare: true, handle: recursiveRemover },
  { pattern: /(?<![\w$>:])rmdir\b\s*\(?/g, bare: true, handle: directoryRemover },
  { pattern: /(?<![\w$>:])open\b\s*\(?/g, bare: true, handle: (s, _m, args) => {
    const rest = args.slice(1).map((a) => a.value);
    if (rest.length === 0) return;
    const mode = rest.length > 1 ? literalText(rest[0]) : undefined;
    if (mode === '-|' || mode === '|-') {
      const command = rest.slice(1);
      if (command.length === 1) s.runShell(command[0]);
      else s.runArgv(command);
      return;
    }
    const spec = rest.length > 1 ? rest[1] : rest[0];
    const text = literalText(spec);
    if (text !== undefined && /^\s*\||\|\s*$/.test(text)) {
      s.runShell(str(text.replace(/^\s*\|\s*|\s*\|\s*$/g, '')));
      return;
    }
    // The mode is its own argument, or the front of a two-argument open's path: `>`, `>>`, `+<` write.
    const written = rest.length > 1 ? mode : /^\s*([<>+]*)/.exec(text ?? '')?.[1];
    const path = text !== undefined ? str(text.replace(/^\s*[<>+]*\s*/, '')) : spec;
    if (written === undefined ? rest.length > 1 : /[>+]/.test(written)) s.writes(path);
    s.reads(path);
  } },
  { pattern: /(?<![\w$>:])(?:rename|File::Copy::(?:move|mv))\b\s*\(?/g, bare: true, handle: fileMover },
  { pattern: /(?<![\w$>:])(?:File::Copy::(?:copy|cp)|symlink|link)\b\s*\(?/g, bare: true, handle: fileCopier },
  { pattern: /(?<![\w$>:])(?:move|mv|copy|cp)\s*\(/g, handle: (s, m, args) => {
    if (!s.code.includes('File::Copy')) return;
    (/^(?:move|mv)/.test(m[0]) ? fileMover : fileCopier)(s, m, args);
  } },
  { pattern: /(?<![\w$>:])(?:truncate|chmod|chown|utime)\b\s*\(?/g, bare: true, handle: (s, m, args) => {
    // chmod, chown and utime take the mode or ids first and the files last; truncate the file first.
    const files = m[0].startsWith('truncate') ? args.slice(0, 1) : args.slice(m[0].startsWith('chmod') ? 1 : 2);
    for (const file of files) fileWriter()(s, m, [file]);
  } },
  { pattern: /([$\w]+(?:->new(?:\([^)]*\))?)?)\s*->\s*(get|post|put|patch|delete|head)\s*\(/g, handle: verbRequest(/./) },
  { pattern: /([$\w:]+(?:->new(?:\([^)]*\))?)?)\s*->\s*request\s*\(/g, handle: (s, m, args) => {
    if (args[0] && args[1] && literalText(args[0].value) && /^[A-Za-z]+$/.test(literalText(args[0].value) ?? '')) methodFirstRequest(s, m, args);
  } },
  { pattern: /\bHTTP::Request(?:::Common)?\s*->\s*new\s*\(/g, handle: (s, _m, args) => s.request(args[0]?.value ?? computed, args[1]?.value) },
  { pattern: /\bHTTP::Request::Common::(GET|POST|PUT|DELETE)\s*\(|(?<![\w$>:])(DELETE|PUT|POST)\s*\(/g, handle: (s, m, args) => s.request(m[1] ?? m[2], args[0]?.value) },
];
