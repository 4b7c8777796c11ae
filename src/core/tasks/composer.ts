import { dirOf, findFile, unreadableFile } from './files';
import type { TaskBody, TaskCall, TaskOutcome } from './run';

/** composer's own commands; any other name is a script (`composer db:reset`). */
const composerCommands: ReadonlySet<string> = new Set([
  'about', 'archive', 'audit', 'browse', 'home', 'bump', 'check-platform-reqs', 'clear-cache', 'clearcache', 'cc', 'completion', 'config',
  'create-project', 'depends', 'why', 'diagnose', 'dump-autoload', 'dumpautoload', 'exec', 'fund', 'global', 'help', 'init', 'install', 'i',
  'licenses', 'list', 'outdated', 'prohibits', 'why-not', 'reinstall', 'remove', 'rm', 'require', 'r', 'search', 'self-update', 'selfupdate',
  'show', 'info', 'status', 'suggests', 'update', 'u', 'upgrade', 'validate',
]);

/**
 * `composer run X` and `composer X`: the script's commands from composer.json; `@other` runs another
 * script, `@php` and `@composer` the programs; a PHP callback (`App\\Tasks::reset`) runs code Bulkhead cannot see.
 */
export function composerScripts(call: TaskCall): TaskOutcome | undefined {
  const words = call.args.filter((w) => !w.value.startsWith('-')).map((w) => w.value);
  const verb = words[0];
  if (!verb) return undefined;
  const name = verb === 'run' || verb === 'run-script' ? words[1] : composerCommands.has(verb) ? undefined : verb;
  if (!name) return undefined;
  const dashes = call.args.findIndex((w) => w.value === '--');
  const extra = dashes >= 0 ? call.args.slice(dashes + 1).map((w) => w.raw).join(' ') : '';
  const found = findFile(call.read, call.cwd, ['composer.json'], false);
  if (!found) return { kind: 'unread', note: `composer run ${name}: no composer.json here; judged by its name` };
  if ('error' in found.file) return unreadableFile(`composer run ${name}`, 'composer.json', found.file);
  let scripts: Record<string, unknown> = {};
  try {
    const parsed = JSON.parse(found.file.text) as { scripts?: unknown };
    if (typeof parsed.scripts === 'object' && parsed.scripts !== null) scripts = parsed.scripts as Record<string, unknown>;
  } catch {
    return { kind: 'unread', note: `composer run ${name}: composer.json is not valid JSON; judged by its name` };
  }
  if (!(name in scripts)) return { kind: 'unread', note: `composer run ${name}: composer.json has no script ${name}; judged by its name` };
  const bodies: TaskBody[] = [];
  const done = new Set<string>();
  let callback: string | undefined;
  const run = (script: string, args: string) => {
    if (done.has(script) || done.size > 200) return;
    done.add(script);
    const entries = scripts[script];
    for (const entry of Array.isArray(entries) ? entries : [entries]) {
      if (typeof entry !== 'string') continue;
      const code = args ? `${entry} ${args}` : entry;
      if (/^@(?:php|composer)\b/.test(code)) bodies.push({ code: code.slice(1), label: `composer run ${script}`, key: `${found.path}:${script}`, cwd: dirOf(found.path) });
      else if (code.startsWith('@putenv')) continue;
      else if (code.startsWith('@')) run(code.slice(1).split(/\s+/)[0], '');
      else if (/^[A-Za-z_\\][A-Za-z0-9_\\]*::[A-Za-z_][A-Za-z0-9_]*$/.test(entry)) callback = entry;
      else bodies.push({ code, label: `composer run ${script}`, key: `${found.path}:${script}`, cwd: dirOf(found.path) });
    }
  };
  run(name, extra);
  if (callback) return { kind: 'opaque', ruleId: 'tasks.composer-callback', reason: `composer run ${name}: runs the PHP callback ${callback}, which Bulkhead cannot see` };
  return { kind: 'bodies', file: 'composer.json', bodies };
}
