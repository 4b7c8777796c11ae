import { computed, concat, listItems, str } from '../values';
import type { CallRule } from '../scanner';
import { argvRunner, configRequest, evalRunner, fileCopier, fileMover, fileReader, fileRemover, fileWriter, knownHttpReceivers, mapValue, modeOpener, optionRemover, recursiveRemover, shellRunner, verbRequest } from './common';

/** Node, Bun and Deno calls: child_process, execa, Bun.spawn, Deno.Command, eval, fs and rimraf, fetch, axios and http(s). */
export const javascriptCalls: readonly CallRule[] = [
  { pattern: /(?:\b(?:child_process|childProcess|cp|require\s*\(\s*\u0001+\s*\))\s*\.\s*|(?<![\w.$]))(?:execSync|exec)\s*\(/g, handle: (s, m, args) => {
    if (!m[0].includes('.') && !/child_process/.test(s.code)) return;
    shellRunner(s, m, args);
  } },
  { pattern: /(?:\b(?:child_process|childProcess|cp|require\s*\(\s*\u0001+\s*\))\s*\.\s*|(?<![\w.$]))(?:spawnSync|spawn|execFileSync|execFile|fork)\s*\(/g, handle: (s, m, args) => {
    if (!m[0].includes('.') && !/child_process/.test(s.code)) return;
    argvRunner(s, m, args);
  } },
  { pattern: /\b(?:execaCommandSync|execaCommand|execaSync|execa)\s*\(/g, handle: (s, m, args) => (/Command/.test(m[0]) ? shellRunner(s, m, args) : argvRunner(s, m, args)) },
  { pattern: /\bBun\s*\.\s*spawn(?:Sync)?\s*\(/g, handle: (s, _m, args) => {
    const first = args[0]?.value;
    const list = listItems(first ?? computed) ?? listItems(mapValue(first, 'cmd') ?? computed);
    if (list) s.runArgv(list);
  } },
  { pattern: /\b(?:new\s+)?Deno\s*\.\s*Command\s*\(/g, handle: (s, _m, args) => {
    const program = args[0]?.value;
    if (!program) return;
    s.runArgv([program, ...(listItems(mapValue(args[1]?.value, 'args') ?? str()) ?? [])]);
  } },
  { pattern: /\bDeno\s*\.\s*run\s*\(/g, handle: (s, _m, args) => {
    const list = listItems(mapValue(args[0]?.value, 'cmd') ?? computed);
    if (list) s.runArgv(list);
  } },
  { pattern: /(?<![\w.$])(?:eval|Function|runInNewContext|runInThisContext|runInContext)\s*\(/g, handle: evalRunner },
  { pattern: /\b(?:fs|fsp|fse|fsExtra|promises|require\s*\(\s*\u0001+\s*\))\s*\.\s*(?:rmSync|rm|rmdirSync|rmdir)\s*\(|(?<![\w.$])(?:rmSync|rmdirSync)\s*\(|\bDeno\s*\.\s*remove(?:Sync)?\s*\(/g, handle: optionRemover },
  { pattern: /\b(?:fs|fsp|promises|require\s*\(\s*\u0001+\s*\))\s*\.\s*(?:unlinkSync|unlink)\s*\(|(?<![\w.$])unlinkSync\s*\(/g, handle: fileRemover },
  { pattern: /\b(?:fse|fsExtra|fs)\s*\.\s*(?:removeSync|remove|emptyDirSync|emptyDir)\s*\(|(?<![\w.$])(?:rimraf(?:\s*\.\s*sync)?|rimrafSync|deleteSync|del)\s*\(/g, handle: recursiveRemover },
  { pattern: /\b(?:writeFileSync|writeFile|appendFileSync|appendFile|createWriteStream|truncateSync|writeTextFileSync|writeTextFile|outputFileSync|outputFile|outputJsonSync|outputJson|writeJsonSync|writeJson|chmodSync|chownSync|utimesSync)\s*\(|\bBun\s*\.\s*write\s*\(|\bDeno\s*\.\s*(?:truncate|chmod)(?:Sync)?\s*\(/g, handle: fileWriter() },
  { pattern: /\b(?:fs|fsp|fse|fsExtra|promises|require\s*\(\s*\u0001+\s*\))\s*\.\s*(?:rename|move)\s*\(|(?<![\w.$])(?:renameSync|moveSync)\s*\(|\.\s*renameSync\s*\(|\bDeno\s*\.\s*rename(?:Sync)?\s*\(/g, handle: fileMover },
  { pattern: /\b(?:fs|fsp|fse|fsExtra|promises|require\s*\(\s*\u0001+\s*\))\s*\.\s*(?:copyFile|cp|copy)\s*\(|\b(?:copyFileSync|cpSync|copySync)\s*\(|\bDeno\s*\.\s*copyFile(?:Sync)?\s*\(/g, handle: fileCopier },
  { pattern: /\b(?:symlinkSync|linkSync)\s*\(|\b(?:fs|fsp|promises)\s*\.\s*(?:symlink|link)\s*\(/g, handle: fileWriter(1) },
  { pattern: /\b(?:fs|fsp|promises|require\s*\(\s*\u0001+\s*\))\s*\.\s*(?:openSync|open)\s*\(|(?<![\w.$])openSync\s*\(/g, handle: modeOpener(1) },
  { pattern: /\bDeno\s*\.\s*(?:writeTextFile|writeFile)(?:Sync)?\s*\(/g, handle: fileWriter() },
  { pattern: /\b(?:readFileSync|readFile|createReadStream|readTextFile|readTextFileSync|loadEnvFile)\s*\(|\bBun\s*\.\s*file\s*\(/g, handle: fileReader },
  { pattern: /\b(?:dotenv|require\s*\(\s*\u0001+\s*\))\s*\.\s*config\s*\(/g, handle: (s, _m, args) => s.reads(mapValue(args[0]?.value, 'path')) },
  { pattern: /(?<![\w.$])(?:fetch|\$fetch|ofetch)\s*\(/g, handle: configRequest },
  { pattern: /(?<![\w.$])axios\s*\(/g, handle: configRequest },
  { pattern: /(?:\b|\$)([A-Za-z_$][\w$]*|require\s*\(\s*\u0001+\s*\))\s*\.\s*(get|post|put|patch|delete|del|head|options)\s*\(/g, handle: verbRequest(knownHttpReceivers) },
  { pattern: /\b(axios|got|ky)\s*\.\s*request\s*\(/g, handle: configRequest },
  { pattern: /\b(?:https?)\s*\.\s*request\s*\(/g, handle: (s, _m, args) => {
    const first = args[0]?.value;
    if (first?.kind === 'map') {
      const host = mapValue(first, 'hostname', 'host') ?? computed;
      const path = mapValue(first, 'path') ?? str('/');
      s.request(mapValue(first, 'method') ?? str('GET'), concat(concat(str('https://'), host), path));
    } else {
      s.request(mapValue(args[1]?.value, 'method') ?? str('GET'), first);
    }
  } },
];
