import { computed, listItems, str } from '../values';
import type { CallRule } from '../scanner';
import { directoryRemover, evalRunner, fileCopier, fileMover, fileRemover, fileWriter, looksLikeUrl, methodFirstRequest, modeOpener, shellRunner, verbRequest } from './common';

/** PHP calls: shell_exec, exec, system and proc_open, eval, unlink and rmdir, file_get_contents and curl, HTTP clients. */
export const phpCalls: readonly CallRule[] = [
  { pattern: /(?<![\w>$:])(?:shell_exec|exec|system|passthru|popen)\s*\(/g, handle: shellRunner },
  { pattern: /(?<![\w>$:])proc_open\s*\(/g, handle: (s, m, args) => shellRunner(s, m, args) },
  { pattern: /(?<![\w>$:])pcntl_exec\s*\(/g, handle: (s, _m, args) => s.runArgv([args[0]?.value ?? computed, ...(listItems(args[1]?.value ?? str()) ?? [])]) },
  { pattern: /(?<![\w>$:])(?:eval|assert|create_function)\s*\(/g, handle: evalRunner },
  { pattern: /(?<![\w>$:])unlink\s*\(/g, handle: fileRemover },
  { pattern: /(?<![\w>$:])rmdir\s*\(/g, handle: directoryRemover },
  { pattern: /(?<![\w>$:])(?:file_put_contents|touch|chmod|chown)\s*\(/g, handle: fileWriter() },
  { pattern: /(?<![\w>$:])symlink\s*\(/g, handle: fileWriter(1) },
  { pattern: /(?<![\w>$:])rename\s*\(/g, handle: fileMover },
  { pattern: /(?<![\w>$:])copy\s*\(/g, handle: fileCopier },
  { pattern: /(?<![\w>$:])fopen\s*\(/g, handle: (s, m, args) => {
    if (!looksLikeUrl(args[0]?.value)) modeOpener(1)(s, m, args);
  } },
  { pattern: /(?<![\w>$:])(?:file_get_contents|fopen|file|readfile|parse_ini_file|include|require|include_once|require_once)\s*\(/g, handle: (s, _m, args) => {
    const target = args[0]?.value;
    const context = args[2]?.raw ?? '';
    const method = /['"]method['"]\s*=>\s*['"](\w+)['"]/.exec(context) ?? /['"]method['"]\s*=>\s*['"](\w+)['"]/.exec(s.code);
    if (looksLikeUrl(target) && method) s.request(method[1].toUpperCase(), target, /['"]content['"]\s*=>/.test(s.code) ? s.code : undefined);
    else s.reads(target);
  } },
  { pattern: /(?<![\w>$:])curl_init\s*\(/g, handle: (s, _m, args) => {
    const custom = /CURLOPT_CUSTOMREQUEST\s*,\s*['"](\w+)['"]/.exec(s.code);
    const post = /CURLOPT_POST(?:FIELDS)?\s*,/.test(s.code);
    const fields = /CURLOPT_POSTFIELDS\s*,\s*(['"])((?:[^\\]|\\.)*?)\1/.exec(s.code);
    s.request(custom ? custom[1] : post ? 'POST' : 'GET', args[0]?.value, fields ? fields[2] : undefined);
  } },
  { pattern: /(\$\w+|Http)\s*(?:->|::)\s*(get|post|put|patch|delete|head)\s*\(/g, handle: verbRequest(/./) },
  { pattern: /(\$\w+)\s*->\s*request\s*\(/g, handle: methodFirstRequest },
];
