import { computed, concat, hasLiteralText, listItems, literalText, str } from '../values';
import { fill } from '../lexer';
import { asShellWord } from '../rendering';
import type { CallRule } from '../scanner';
import { arg, directoryRemover, evalRunner, fileCopier, fileMover, fileReader, fileRemover, fileWriter, knownHttpReceivers, looksLikeUrl, methodFirstRequest, modeOpener, recursiveRemover, shellRunner, verbRequest } from './common';

/** Python calls: subprocess and os, shutil and pathlib, open and dotenv, requests, httpx and urllib, boto3. */
export const pythonCalls: readonly CallRule[] = [
  { pattern: /\b(?:os\.system|os\.popen|subprocess\.(?:getoutput|getstatusoutput)|commands\.getoutput|create_subprocess_shell|pty\.spawn|(?<![\w.])system|(?<![\w.])popen)\s*\(/g, handle: shellRunner },
  { pattern: /(?<!\bos)\.\s*system\s*\(/g, handle: shellRunner },
  { pattern: /(?:\b([A-Za-z_]\w*)\s*\.\s*|(?<![\w.]))(run|call|check_call|check_output|Popen)\s*\(/g, handle: (s, m, args) => {
    const first = args[0]?.value;
    if (!first) return;
    // `run` and `call` are common names: only subprocess's, or an alias of it, or an import from it.
    const distinctive = m[2] !== 'run' && m[2] !== 'call';
    const module = m[1];
    const fromSubprocess = module === 'subprocess' || (module !== undefined && s.code.includes(`subprocess as ${module}`))
      || (module === undefined && s.code.includes('from subprocess import'));
    if (!fromSubprocess && !(distinctive && (module === undefined || hasLiteralText(first) || first.kind === 'list'))) return;
    const list = listItems(first);
    s.within(args.find((a) => a.name === 'cwd')?.value, () => (list ? s.runArgv(list) : s.runShell(first)));
  } },
  { pattern: /\bcreate_subprocess_exec\s*\(/g, handle: (s, _m, args) => s.runArgv(args.filter((a) => a.name === undefined).map((a) => a.value)) },
  { pattern: /\bos\.(?:exec|spawn)(l|v)p?e?\s*\(/g, handle: (s, m, args) => {
    const positional = args.filter((a) => a.name === undefined).map((a) => a.value);
    const spawn = m[0].includes('spawn');
    const rest = positional.slice(spawn ? 2 : 1);
    if (m[1] === 'v') s.runArgv(listItems(rest[0] ?? computed) ?? [positional[spawn ? 1 : 0] ?? computed]);
    else s.runArgv(rest.length > 0 ? rest : [positional[spawn ? 1 : 0] ?? computed]);
  } },
  { pattern: /\bos\.posix_spawnp?\s*\(/g, handle: (s, _m, args) => s.runArgv(listItems(args[1]?.value ?? computed) ?? [args[0]?.value ?? computed]) },
  { pattern: /(?<![\w.])(?:exec|eval|compile)\s*\(/g, handle: evalRunner },
  { pattern: /\bshutil\.rmtree\s*\(|(?<![\w.])rmtree\s*\(/g, handle: recursiveRemover },
  { pattern: /\bos\.(?:remove|unlink)\s*\(/g, handle: fileRemover },
  { pattern: /\bos\.(?:rmdir|removedirs)\s*\(/g, handle: directoryRemover },
  { pattern: /\b(?:os\.(?:rename|renames|replace)|shutil\.move)\s*\(/g, handle: fileMover },
  { pattern: /\bshutil\.(?:copy|copy2|copyfile|copytree|copymode|copystat)\s*\(/g, handle: fileCopier },
  { pattern: /\bos\.(?:symlink|link)\s*\(/g, handle: fileWriter(1) },
  { pattern: /\bos\.(?:truncate|chmod|chown|utime)\s*\(/g, handle: fileWriter() },
  { pattern: /\bos\.open\s*\(/g, handle: modeOpener(1) },
  { pattern: /\b(?:pathlib\.)?Path\s*\(/g, handle: (s, _m, args, site) => {
    const path = args[0]?.value;
    if (!path) return;
    const closeAt = s.closeParen(site.open) + 1;
    const after = s.lexed.masked.slice(closeAt, closeAt + 40);
    const openMode = /^\s*\.\s*open\s*\(\s*(?:mode\s*=\s*)?\u0001/.exec(after);
    if (/^\s*\.\s*unlink\s*\(/.test(after)) s.removes([path], false);
    else if (/^\s*\.\s*rmdir\s*\(/.test(after)) s.removesDirectory(path);
    else if (/^\s*\.\s*(?:write_text|write_bytes|touch|chmod|symlink_to|hardlink_to)\s*\(/.test(after)) s.writes(path);
    else if (/^\s*\.\s*(?:rename|replace)\s*\(/.test(after)) s.transfers('mv', path, computed);
    else if (openMode) {
      const literal = s.lexed.literals.get(closeAt + openMode[0].length - 1);
      if (/[wax+]/.test(literal ? literalText(str(...literal.parts)) ?? 'w' : 'w')) s.writes(path);
      s.reads(path);
    } else if (/^\s*\.\s*(?:read_text|read_bytes|open)\s*\(/.test(after)) s.reads(path);
  } },
  { pattern: /(?<![\w.])(?:open|io\.open|codecs\.open)\s*\(/g, handle: modeOpener(1) },
  { pattern: /(?<![\w.])(?:load_dotenv|dotenv_values)\s*\(/g, handle: fileReader },
  { pattern: /\b([A-Za-z_][\w.]*)\s*\.\s*(get|post|put|patch|delete|head|options)\s*\(/g, handle: verbRequest(knownHttpReceivers) },
  { pattern: /\b([A-Za-z_][\w.]*)\s*\.\s*request\s*\(/g, handle: methodFirstRequest },
  { pattern: /\b(?:urllib\.request\.)?(?:urlopen|Request)\s*\(/g, handle: (s, _m, args) => {
    const url = arg(args, 0, 'url');
    if (!looksLikeUrl(url) && !(url && hasLiteralText(url))) return;
    const data = arg(args, 1, 'data');
    const method = arg(args, 99, 'method') ?? str(data ? 'POST' : 'GET');
    s.request(method, url, data ? (data.kind === 'str' ? data : args.find((a) => a.value === data)?.raw ?? '') : undefined);
  } },
  { pattern: /(?:boto3|session|[A-Za-z_]\w*)\s*\.\s*(?:Session|session\.Session|setup_default_session)\s*\(/g, handle: (s, _m, args) => {
    const profile = arg(args, 99, 'profile_name');
    const region = arg(args, 99, 'region_name');
    if (profile) s.awsProfile = literalText(profile) ?? s.awsProfile;
    if (region) s.awsRegion = literalText(region) ?? s.awsRegion;
  } },
  { pattern: /\b([A-Za-z_]\w*)\s*\.\s*([a-z][a-z0-9]*(?:_[a-z0-9]+)+)\s*\(/g, handle: (s, m, args) => {
    const service = s.clients.get(m[1]);
    if (service) s.aws(service, m[2], args);
  } },
  { pattern: /\.\s*client\s*\(\s*\u0001[^)]*\)\s*\.\s*([a-z][a-z0-9]*(?:_[a-z0-9]+)+)\s*\(/g, handle: (s, m, args) => {
    const literalStart = s.lexed.masked.indexOf(fill, m.index ?? 0);
    const literal = s.lexed.literals.get(literalStart);
    const service = literal ? literalText(str(...literal.parts)) : undefined;
    if (service) s.aws(service, m[1], args);
  } },
  { pattern: /\.\s*Bucket\s*\(/g, handle: (s, _m, args, site) => {
    const bucket = args[0]?.value;
    if (!bucket) return;
    const after = s.lexed.masked.slice(s.closeParen(site.open) + 1, s.closeParen(site.open) + 60);
    if (/^\s*\.\s*objects\s*\.\s*(?:all|filter)\s*\([^)]*\)\s*\.\s*delete\s*\(/.test(after)) s.scan.commands.push(`aws s3 rm ${asShellWord(concat(str('s3://'), bucket))} --recursive`);
    else if (/^\s*\.\s*delete\s*\(/.test(after)) s.scan.commands.push(`aws s3api delete-bucket --bucket ${asShellWord(bucket)}`);
  } },
];
