import { concat, literalText, str } from '../values';
import type { CallRule } from '../scanner';
import { directoryRemover, evalRunner, fileCopier, fileMover, fileReader, fileRemover, fileWriter, knownHttpReceivers, looksLikeUrl, modeOpener, recursiveRemover, shellRunner, systemRunner, verbRequest } from './common';

/** Ruby calls: system, exec, spawn and Open3, eval, FileUtils, File and Dir, Net::HTTP and HTTP clients. */
export const rubyCalls: readonly CallRule[] = [
  { pattern: /(?<![\w.:])(?:Kernel\s*\.\s*)?(?:system|exec|spawn)\b\s*\(?/g, bare: true, handle: systemRunner },
  { pattern: /\bProcess\s*\.\s*spawn\s*\(?/g, bare: true, handle: systemRunner },
  { pattern: /\bIO\s*\.\s*popen\s*\(?/g, bare: true, handle: (s, m, args) => shellRunner(s, m, args) },
  { pattern: /\bOpen3\s*\.\s*(?:capture2e?|capture3|popen2e?|popen3|pipeline\w*)\s*\(?/g, bare: true, handle: systemRunner },
  { pattern: /(?<![\w.:])(?:eval|instance_eval|class_eval|module_eval)\b\s*\(?/g, bare: true, handle: evalRunner },
  { pattern: /\bFileUtils\s*\.\s*(?:rm_rf|rm_r|remove_dir|remove_entry|remove_entry_secure|rmtree)\b\s*\(?/g, bare: true, handle: recursiveRemover },
  { pattern: /\bFileUtils\s*\.\s*(?:rm|rm_f|remove|remove_file)\b\s*\(?/g, bare: true, handle: fileRemover },
  { pattern: /\bFile\s*\.\s*(?:delete|unlink)\s*\(?/g, bare: true, handle: fileRemover },
  { pattern: /\b(?:Dir\s*\.\s*(?:rmdir|delete|unlink)|FileUtils\s*\.\s*rmdir)\s*\(?/g, bare: true, handle: directoryRemover },
  { pattern: /\b(?:File|IO)\s*\.\s*(?:write|binwrite|truncate|chmod|chown|utime)\b\s*\(?|\bFileUtils\s*\.\s*(?:touch|chmod|chmod_R|chown|chown_R)\b\s*\(?/g, bare: true, handle: fileWriter() },
  { pattern: /\b(?:File\s*\.\s*(?:rename)|FileUtils\s*\.\s*(?:mv|move))\b\s*\(?/g, bare: true, handle: fileMover },
  { pattern: /\bFileUtils\s*\.\s*(?:cp|cp_r|copy|copy_file|copy_entry|install|ln|ln_s|ln_sf|symlink|link)\b\s*\(?|\bFile\s*\.\s*(?:symlink|link)\b\s*\(?/g, bare: true, handle: fileCopier },
  { pattern: /\b(?:File\s*\.\s*(?:open|new)|IO\s*\.\s*sysopen)\b\s*\(?/g, bare: true, handle: modeOpener(1) },
  { pattern: /\b(?:File\s*\.\s*(?:read|readlines|foreach|binread)|IO\s*\.\s*(?:read|readlines)|Dotenv\s*\.\s*(?:load|overload|parse)|YAML\s*\.\s*load_file)\s*\(?/g, bare: true, handle: fileReader },
  { pattern: /\bNet::HTTP\s*\.\s*(?:start|new)\s*\(/g, handle: (s, _m, args) => {
    const host = args[0] ? literalText(args[0].value) : undefined;
    if (host && !host.includes('/')) s.httpHosts.set('__net_http', `https://${host}`);
  } },
  { pattern: /\bNet::HTTP::(Get|Post|Put|Patch|Delete|Head)\s*\.\s*new\s*\(/g, handle: (s, m, args) => {
    const target = args[0]?.value;
    const host = [...s.httpHosts.values()][0];
    const url = target && !looksLikeUrl(target) && host ? concat(str(host), target) : target;
    s.request(m[1].toUpperCase(), url);
  } },
  { pattern: /\bNet::HTTP\s*\.\s*(get|get_response|post|post_form|put|delete)\s*\(/g, handle: (s, m, args) => {
    const verb = m[1].startsWith('get') ? 'GET' : m[1].startsWith('post') ? 'POST' : m[1].toUpperCase();
    s.request(verb, args[0]?.value, verb === 'POST' ? (args[1]?.value.kind === 'str' ? args[1].value : args[1]?.raw) : undefined);
  } },
  { pattern: /\bURI\s*(?:\.\s*(?:parse|open)\s*)?\(/g, handle: (s, m, args) => {
    if (m[0].includes('open')) s.request('GET', args[0]?.value);
    const url = args[0] ? literalText(args[0].value) : undefined;
    if (url && !s.httpHosts.size) {
      const origin = /^(https?:\/\/[^/]+)/.exec(url);
      if (origin) s.httpHosts.set('__uri', origin[1]);
    }
  } },
  { pattern: /\b([A-Za-z_@][\w:]*)\s*\.\s*(get|post|put|patch|delete|head)\s*\(/g, handle: verbRequest(knownHttpReceivers) },
];
