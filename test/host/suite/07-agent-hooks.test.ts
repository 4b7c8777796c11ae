// Agent hook installation, secret hiding and the self-test, in the real extension host, on the
// test workspace (a copy of test/fixtures/workspace: staging is the default, production critical).
//
// The consent modals: the workbench refuses modal dialogs while extension tests run ("DialogService:
// refused to show dialog in tests"), and the installer's `ask` dependency is not reachable from the
// testing API, so these tests script `vscode.window.showWarningMessage` itself. The test bundle and
// the extension share one `vscode` API object (same extension), so the installer's real modal code
// (agentHooks.ts realAsk) runs and gets the scripted button; an unexpected modal fails the test.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { api, waitFor } from './helpers';

const root = () => vscode.workspace.workspaceFolders![0].uri.fsPath;
const at = (rel: string) => path.join(root(), ...rel.split('/'));

const hookFiles = ['.cursor/hooks.json', '.claude/settings.local.json', '.github/hooks/bulkhead.json', '.codex/hooks.json', '.gemini/settings.json', '.windsurf/hooks.json'];
const ignoreFiles = ['.cursorignore', '.clineignore', '.rooignore', '.codeiumignore', '.aiexclude', '.geminiignore', '.aiderignore', '.continueignore', '.kiroignore'];
/** Everything an install may touch in the workspace. */
const tracked = [...hookFiles, ...ignoreFiles];
/** Folders a test may create (removed in teardown whatever happened). */
const scratchDirs = ['.cursor', '.claude', '.github', '.codex', '.gemini', '.windsurf', '.clinerules', '.kiro', 'deploy'];

const claudeMatcher = 'Bash|Read|Grep|Glob|Edit|MultiEdit|Write|NotebookEdit';
const productionSecrets = ['.env.production', '.env.prod', '/config/prod.env'];

// The user's own configurations, hand-written in different styles (4-space indent, inline arrays,
// no final newline) so that any re-serialisation would show.
const userCursor = `{
    "version": 1,
    "hooks": {
        "beforeShellExecution": [
            {
                "command": "./.cursor/audit-shell.sh",
                "timeout": 5
            }
        ],
        "afterFileEdit": [
            { "command": "npx prettier --write" }
        ]
    }
}
`;
const userClaude = `{
  "model": "opus",
  "permissions": {
    "allow": ["Bash(npm test)", "Read(./src/**)"],
    "deny": ["Read(./secrets/**)"]
  },
  "hooks": {
    "PreToolUse": [
      {
        "matcher": "Bash",
        "hooks": [{ "type": "command", "command": "~/.claude/log-bash.sh" }]
      }
    ],
    "PostToolUse": [
      { "matcher": "Edit", "hooks": [{ "type": "command", "command": "npm run lint --silent" }] }
    ]
  }
}`;
const userCursorIgnore = 'node_modules/\n*.log';
/** The user's own Cline hook: it refuses `terraform apply`, and says so. */
const userCline = '#!/bin/sh\ncase "$(cat)" in\n  *"terraform apply"*) echo \'{"cancel": true, "errorMessage": "not from Cline"}\' ;;\nesac\n';
const userKiro = '{\n    "name": "dev",\n    "tools": ["*"],\n    "hooks": { "agentSpawn": [ { "command": "git status" } ] }\n}\n';

type Item = string | (vscode.MessageItem & { id?: string });

/** Scripted warning messages: modals answer from a queue of button ids; notifications are recorded. */
class Dialogs {
  readonly modals: { message: string; detail: string; buttons: string[] }[] = [];
  readonly notices: { message: string; items: string[] }[] = [];
  /** Button ids for the next modals, in order; `undefined` is Esc. */
  answers: (string | undefined)[] = [];
  /** The button a warning notification gets clicked with (undefined: left alone). */
  noticeAnswer: string | undefined;
  private readonly original = vscode.window.showWarningMessage;

  install(): void {
    const replacement = (message: string, ...rest: unknown[]): Thenable<Item | undefined> => {
      const first = rest[0];
      const options = typeof first === 'object' && first !== null && !('title' in first) ? (rest.shift() as vscode.MessageOptions) : undefined;
      const items = rest as Item[];
      const title = (i: Item) => (typeof i === 'string' ? i : i.title);
      if (options?.modal) {
        this.modals.push({ message, detail: options.detail ?? '', buttons: items.map(title) });
        if (this.answers.length === 0) return Promise.reject(new Error(`test: unexpected modal "${message}"`));
        const id = this.answers.shift();
        return Promise.resolve(items.find((i) => (typeof i === 'string' ? i : i.id) === id));
      }
      this.notices.push({ message, items: items.map(title) });
      return Promise.resolve(items.find((i) => title(i) === this.noticeAnswer));
    };
    (vscode.window as { showWarningMessage: unknown }).showWarningMessage = replacement;
    assert.equal(vscode.window.showWarningMessage, replacement, 'vscode.window.showWarningMessage cannot be scripted in this host');
  }

  restore(): void {
    (vscode.window as { showWarningMessage: unknown }).showWarningMessage = this.original;
  }

  lastModal() {
    const m = this.modals[this.modals.length - 1];
    assert.ok(m, 'no modal was shown');
    return m;
  }
}

function read(rel: string): string | undefined {
  try {
    return fs.readFileSync(at(rel), 'utf8');
  } catch {
    return undefined;
  }
}

function json(rel: string): any {
  const text = read(rel);
  assert.ok(text !== undefined, `${rel} does not exist`);
  return JSON.parse(text);
}

function write(rel: string, text: string): void {
  fs.mkdirSync(path.dirname(at(rel)), { recursive: true });
  fs.writeFileSync(at(rel), text);
}

/** Content and mtime of every tracked file (undefined: absent). */
function snapshot(): Record<string, { text: string; mtimeMs: number } | undefined> {
  return Object.fromEntries(tracked.map((rel) => {
    try {
      return [rel, { text: fs.readFileSync(at(rel), 'utf8'), mtimeMs: fs.statSync(at(rel)).mtimeMs }];
    } catch {
      return [rel, undefined];
    }
  }));
}

/** The lines of the managed block of an ignore file. */
function block(rel: string): string[] {
  const text = read(rel) ?? '';
  const lines = text.split('\n');
  const begin = lines.findIndex((l) => l.startsWith('# >>> bulkhead (managed'));
  const end = lines.indexOf('# <<< bulkhead', begin + 1);
  assert.ok(begin >= 0 && end > begin, `${rel} has no complete managed block:\n${text}`);
  return lines.slice(begin + 1, end);
}

const isOurs = (command: unknown, dialect?: string) =>
  typeof command === 'string' && /"[^"]*\/dist\/cli\.js" hook/.test(command) && (dialect === undefined || command.endsWith(`--dialect ${dialect}`));

const dialogs = new Dialogs();

/** The status bar tooltip as plain text (it is Markdown with every punctuation mark escaped). */
async function tooltip(): Promise<string> {
  return ((await api()).status()?.tooltip ?? '').replace(/\\(.)/g, '$1');
}

async function install(agents: string[]): Promise<string[]> {
  dialogs.answers.push('install');
  const result = await vscode.commands.executeCommand<string[]>('bulkhead.installAgentHooks', { agents });
  assert.deepEqual(dialogs.answers, [], 'the installer did not ask');
  return result;
}

suite('agent hooks: installer, secret hiding and self-test', () => {
  suiteSetup(async () => {
    await api();
    dialogs.install();
  });
  suiteTeardown(() => dialogs.restore());

  setup(() => {
    dialogs.answers = [];
    dialogs.noticeAnswer = undefined;
    dialogs.modals.length = 0;
    dialogs.notices.length = 0;
    for (const rel of tracked) assert.equal(read(rel), undefined, `${rel} is left over from an earlier test`);
  });

  teardown(async () => {
    // Take back whatever is installed (clears the workspace state too), then the test's own files.
    dialogs.answers = ['remove'];
    dialogs.noticeAnswer = undefined;
    try {
      await vscode.commands.executeCommand('bulkhead.removeAgentHooks');
    } finally {
      dialogs.answers = [];
      await vscode.commands.executeCommand('bulkhead.returnToDefault');
      for (const rel of ignoreFiles) fs.rmSync(at(rel), { force: true });
      for (const dir of scratchDirs) fs.rmSync(at(dir), { recursive: true, force: true });
    }
  });

  test('install asks first, then merges into the user\'s own Cursor and Claude Code hooks, fail-closed', async () => {
    write('.cursor/hooks.json', userCursor);
    write('.claude/settings.local.json', userClaude);

    // Declined: nothing at all is written.
    dialogs.answers.push(undefined);
    assert.deepEqual(await vscode.commands.executeCommand('bulkhead.installAgentHooks', { agents: ['cursor', 'claude'] }), []);
    assert.equal(read('.cursor/hooks.json'), userCursor);
    assert.equal(read('.claude/settings.local.json'), userClaude);
    for (const rel of ignoreFiles) assert.equal(read(rel), undefined, `${rel} was written although the user declined`);
    const asked = dialogs.lastModal();
    assert.equal(asked.message, 'Install Bulkhead\'s hooks for Cursor, Claude Code?');
    assert.deepEqual(asked.buttons, ['Install', 'Preview Files…', 'Cancel']);
    assert.match(asked.detail, /^• \.cursor\/hooks\.json \(Cursor, the workspace has a \.cursor folder\): add to\. added the hook for beforeShellExecution; added the hook for beforeMCPExecution; added the hook for beforeReadFile; added the hook for preToolUse$/m);
    assert.match(asked.detail, /^• \.claude\/settings\.local\.json \(Claude Code, .*\): add to\. added the hook for PreToolUse/m);
    assert.match(asked.detail, /Timeout 90 s \(the confirmation waits 60 s\)/);
    assert.match(asked.detail, /a managed block hiding 3 secret file pattern\(s\) of local, production/);

    // "Preview Files…" opens what would be written, then asks again; Install writes exactly that.
    dialogs.answers.push('preview', 'install');
    assert.deepEqual(await vscode.commands.executeCommand('bulkhead.installAgentHooks', { agents: ['cursor', 'claude'] }), ['cursor', 'claude']);
    assert.equal(dialogs.modals.length, 3, 'the installer did not ask again after the preview');
    const preview = vscode.workspace.textDocuments.find((d) => d.isUntitled && d.getText().startsWith('# What Bulkhead would write'));
    assert.ok(preview, 'no preview document');
    for (const rel of ['.cursor/hooks.json', '.claude/settings.local.json', '.aiexclude']) {
      assert.ok(preview.getText().includes(`## ${rel}`) && preview.getText().includes(read(rel)!.trimEnd()), `the preview does not show what was written to ${rel}`);
    }
    await vscode.window.showTextDocument(preview);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');

    // Cursor: the user's entries as they were, Bulkhead's appended to each event, fail-closed.
    const cursor = json('.cursor/hooks.json');
    const user = JSON.parse(userCursor);
    assert.equal(cursor.version, 1);
    assert.deepEqual(cursor.hooks.beforeShellExecution[0], user.hooks.beforeShellExecution[0]);
    assert.deepEqual(cursor.hooks.afterFileEdit, user.hooks.afterFileEdit);
    assert.equal(cursor.hooks.preToolUse.find((e: { command: unknown }) => isOurs(e.command)).matcher, 'Write|StrReplace|Edit|MultiEdit|Delete');
    for (const event of ['beforeShellExecution', 'beforeMCPExecution', 'beforeReadFile', 'preToolUse']) {
      const ours = cursor.hooks[event].filter((e: { command: unknown }) => isOurs(e.command));
      assert.equal(ours.length, 1, `one Bulkhead entry for ${event}`);
      assert.ok(isOurs(ours[0].command, 'cursor'), `${event}: ${ours[0].command}`);
      assert.equal(ours[0].failClosed, true, `${event} is not fail-closed`);
      assert.equal(ours[0].timeout, 90, `${event}: the timeout must outlast the 60 s confirmation`);
    }
    // Bulkhead's text is spliced in, in the file's own 4-space style.
    assert.ok(read('.cursor/hooks.json')!.includes('\n            {\n                "command": "\\"'), 'not written in the file\'s indentation');

    // Claude Code: the user's settings, hooks and deny rule kept; one matcher group, onFailure block.
    const claude = json('.claude/settings.local.json');
    const userC = JSON.parse(userClaude);
    assert.equal(claude.model, 'opus');
    assert.deepEqual(claude.permissions.allow, userC.permissions.allow);
    assert.equal(claude.permissions.deny[0], 'Read(./secrets/**)');
    for (const secret of ['.env.production', '.env.prod']) assert.ok(claude.permissions.deny.includes(`Read(/${root()}/**/${secret})`), `no deny rule for ${secret}: ${claude.permissions.deny}`);
    assert.ok(claude.permissions.deny.includes(`Read(/${root()}/config/prod.env)`));
    assert.ok(!claude.permissions.deny.some((r: string) => r.includes('staging')), 'the active environment\'s secrets must stay readable');
    assert.deepEqual(claude.hooks.PreToolUse[0], userC.hooks.PreToolUse[0]);
    assert.deepEqual(claude.hooks.PostToolUse, userC.hooks.PostToolUse);
    const groups = claude.hooks.PreToolUse.filter((g: { hooks: { command: unknown }[] }) => g.hooks.some((h) => isOurs(h.command)));
    assert.equal(groups.length, 1);
    assert.equal(groups[0].matcher, claudeMatcher);
    assert.equal(groups[0].hooks.length, 1);
    assert.equal(groups[0].hooks[0].type, 'command');
    assert.equal(groups[0].hooks[0].onFailure, 'block');
    assert.equal(groups[0].hooks[0].timeout, 90);

    // The status bar's tooltip reports the layer as on.
    await waitFor(async () => /Agent hooks: Cursor, Claude Code: fail-closed, 90 s timeout/.test(await tooltip()), 5_000, 'the status tooltip to show the hooks');
  });

  test('installing twice leaves every file byte for byte as it was, and the consent says so', async () => {
    write('.cursor/hooks.json', userCursor);
    write('.claude/settings.local.json', userClaude);
    write('.cursorignore', userCursorIgnore);
    await install(['cursor', 'claude', 'copilot', 'codex', 'gemini', 'windsurf']);
    const first = snapshot();
    for (const rel of tracked) assert.ok(first[rel], `${rel} was not written`);
    await new Promise((r) => setTimeout(r, 50)); // a rewrite would now show in the mtime
    await install(['cursor', 'claude', 'copilot', 'codex', 'gemini', 'windsurf']);
    assert.deepEqual(snapshot(), first);
    const detail = dialogs.lastModal().detail;
    for (const rel of hookFiles) assert.match(detail, new RegExp(`^• ${rel.replace(/\./g, '\\.')} \\(.*\\): unchanged\\. Already in place\\.$`, 'm'));
    assert.doesNotMatch(detail, /a managed block hiding/, 'the ignore files are already up to date');
    assert.deepEqual(dialogs.notices, [], 'an install reported its own writes as weakening');
    // Only Cursor and Claude Code block a hook that cannot answer; the tooltip says so agent by agent.
    const failing = 'Agent hooks: Cursor, Claude Code: fail-closed, 90 s timeout; GitHub Copilot, Codex, Gemini CLI: fail open on a crash or timeout, 90 s timeout; Windsurf: fails open on a crash or timeout';
    await waitFor(async () => (await tooltip()).includes(failing), 5_000, 'the status tooltip to say how each agent fails');
  });

  test('an edit that weakens or removes Bulkhead\'s entries is reported; Repair restores them, only them', async () => {
    write('.cursor/hooks.json', userCursor);
    write('.claude/settings.local.json', userClaude);
    await install(['cursor', 'claude']);
    const installedCursor = read('.cursor/hooks.json')!;
    const installedClaude = read('.claude/settings.local.json')!;

    // 1. failClosed switched off on Bulkhead's beforeShellExecution entry (the first failClosed).
    write('.cursor/hooks.json', installedCursor.replace('"failClosed": true', '"failClosed": false'));
    const weak = await waitFor(() => dialogs.notices.find((n) => /weakened the agent guard/.test(n.message)), 10_000, 'the weakened entry to be reported');
    assert.match(weak.message, /^Bulkhead: an edit weakened the agent guard: Cursor: beforeShellExecution: `failClosed` is off: a crash or timeout lets the action through\. Until it is repaired, agents may act on production unchecked\.$/);
    assert.deepEqual(weak.items, ['Repair', 'Show File']);

    // 2. Bulkhead's group taken out of the Claude Code settings (the user's stays).
    const claude = JSON.parse(installedClaude);
    claude.hooks.PreToolUse = claude.hooks.PreToolUse.filter((g: { hooks: { command: unknown }[] }) => !g.hooks.some((h) => isOurs(h.command)));
    write('.claude/settings.local.json', `${JSON.stringify(claude, null, 2)}\n`);
    await waitFor(() => dialogs.notices.find((n) => /\(and 1 more\)/.test(n.message)), 10_000, 'the removed entry to be reported');
    await waitFor(async () => /Agent hooks: Cursor weakened, Claude Code removed — Bulkhead: Repair Agent Hooks/.test(await tooltip()), 5_000, 'the status tooltip to show both');

    // Repair (the command) lists both problems, asks, and puts back Bulkhead's entries only.
    dialogs.answers.push('repair');
    assert.equal(await vscode.commands.executeCommand('bulkhead.repairAgentHooks'), true);
    const asked = dialogs.lastModal();
    assert.equal(asked.message, 'Repair Bulkhead\'s agent hooks?');
    assert.match(asked.detail, /^• Cursor: beforeShellExecution: `failClosed` is off/m);
    assert.match(asked.detail, /^• Claude Code: no Bulkhead hook for PreToolUse/m);
    assert.equal(read('.cursor/hooks.json'), installedCursor, 'the Cursor file is not exactly as installed');
    const repaired = json('.claude/settings.local.json');
    const ours = repaired.hooks.PreToolUse.filter((g: { hooks: { command: unknown }[] }) => g.hooks.some((h) => isOurs(h.command)));
    assert.equal(ours.length, 1);
    assert.equal(ours[0].hooks[0].onFailure, 'block');
    assert.deepEqual(repaired.hooks.PreToolUse[0], JSON.parse(userClaude).hooks.PreToolUse[0]);
    assert.deepEqual(repaired.permissions, JSON.parse(installedClaude).permissions);
    await waitFor(async () => /Agent hooks: Cursor, Claude Code: fail-closed/.test(await tooltip()), 5_000, 'the status tooltip to recover');

    // 3. One click: a timeout cut below the confirmation's, repaired from the notification itself.
    const before = dialogs.notices.length;
    dialogs.noticeAnswer = 'Repair';
    write('.cursor/hooks.json', installedCursor.replace('"timeout": 90', '"timeout": 10'));
    await waitFor(() => read('.cursor/hooks.json') === installedCursor, 10_000, 'the one-click repair');
    assert.match(dialogs.notices[before].message, /beforeShellExecution: `timeout` is 10 s, shorter than the 60 s confirmation/);
    assert.equal(dialogs.modals.length, 2, 'the one-click repair asked again');
  });

  test('the ignore files get a managed block listing the production secrets; it follows the environment and marker comments', async () => {
    write('.cursorignore', userCursorIgnore);
    await install(['claude']);
    for (const rel of ignoreFiles) {
      const lines = block(rel);
      for (const secret of productionSecrets) assert.ok(lines.includes(secret), `${rel} does not hide ${secret}: ${lines}`);
      assert.ok(!lines.some((l) => l.includes('staging')), `${rel} hides the active environment's secrets`);
      assert.ok(read(rel)!.endsWith('# <<< bulkhead\n'), `${rel}: the block is not last (a user's !negation below it could re-include a secret)`);
    }
    assert.match(read('.cursorignore')!, /^node_modules\/\n\*\.log\n# >>> bulkhead \(managed, newline added\) secret files of local, production;/);
    assert.match(read('.aiexclude')!, /^# >>> bulkhead \(managed, new file\)/);

    // A file marked `# bulkhead: production` joins the block and Claude Code's deny rules. It comes
    // with a new folder, which the file watcher reports alone (not the file in it).
    write('deploy/prod-creds.txt', '# bulkhead: production\nTOKEN=canary\n');
    await waitFor(() => block('.geminiignore').includes('/deploy/prod-creds.txt'), 10_000, 'the marked file in the block');
    await waitFor(() => json('.claude/settings.local.json').permissions.deny.includes(`Read(/${root()}/deploy/prod-creds.txt)`), 10_000, 'the marked file in permissions.deny');

    // Another active environment: staging's secrets are hidden too; production's stay hidden (critical).
    assert.equal(await vscode.commands.executeCommand('bulkhead.selectEnvironment', 'local'), true);
    await waitFor(() => block('.cursorignore').includes('.env.staging'), 5_000, 'staging\'s secrets in the block');
    assert.ok(block('.cursorignore').includes('.env.production'));
    assert.match(read('.cursorignore')!, /secret files of staging, production;/);
    await waitFor(() => json('.claude/settings.local.json').permissions.deny.includes(`Read(/${root()}/**/.env.staging)`), 5_000, 'staging\'s secrets in permissions.deny');
    await vscode.commands.executeCommand('bulkhead.returnToDefault');
    await waitFor(() => !block('.cursorignore').includes('.env.staging'), 5_000, 'staging\'s secrets to leave the block');
    await waitFor(() => !JSON.stringify(json('.claude/settings.local.json').permissions.deny).includes('staging'), 5_000, 'staging\'s secrets to leave permissions.deny');

    // The folder deleted (reported alone too): the marked file leaves the block and the deny rules.
    fs.rmSync(at('deploy'), { recursive: true });
    await waitFor(() => !block('.cursorignore').includes('/deploy/prod-creds.txt'), 10_000, 'the deleted file to leave the block');
    await waitFor(() => !JSON.stringify(json('.claude/settings.local.json').permissions.deny).includes('prod-creds'), 10_000, 'the deleted file to leave permissions.deny');

    // A block an edit removed is reported like a hook entry.
    write('.aiexclude', '# mine\n');
    const notice = await waitFor(() => dialogs.notices.find((n) => n.message.includes('.aiexclude')), 10_000, 'the removed block to be reported');
    assert.match(notice.message, /\.aiexclude no longer has Bulkhead's block: Gemini Code Assist may index and show local, production secrets/);
    dialogs.answers.push('repair');
    assert.equal(await vscode.commands.executeCommand('bulkhead.repairAgentHooks'), true);
    assert.match(read('.aiexclude')!, /^# mine\n# >>> bulkhead \(managed\) secret files of local, production;/);
  });

  test('Remove gives the user\'s files back byte for byte and deletes what Bulkhead created', async () => {
    write('.cursor/hooks.json', userCursor);
    write('.claude/settings.local.json', userClaude);
    write('.cursorignore', userCursorIgnore);
    await install(['cursor', 'claude', 'copilot']);
    assert.ok(read('.github/hooks/bulkhead.json'));
    assert.notEqual(read('.claude/settings.local.json'), userClaude);

    // Declining leaves everything installed.
    dialogs.answers.push(undefined);
    assert.equal(await vscode.commands.executeCommand('bulkhead.removeAgentHooks'), false);
    assert.ok(read('.github/hooks/bulkhead.json'));
    const asked = dialogs.lastModal();
    assert.equal(asked.message, 'Remove Bulkhead\'s agent hooks?');
    assert.match(asked.detail, /^• \.claude\/settings\.local\.json: Bulkhead's hook entries and 3 permissions\.deny rule\(s\)$/m);

    dialogs.answers.push('remove');
    assert.equal(await vscode.commands.executeCommand('bulkhead.removeAgentHooks'), true);
    assert.equal(read('.cursor/hooks.json'), userCursor);
    assert.equal(read('.claude/settings.local.json'), userClaude);
    assert.equal(read('.cursorignore'), userCursorIgnore);
    for (const rel of ['.github/hooks/bulkhead.json', ...ignoreFiles.filter((f) => f !== '.cursorignore')]) assert.equal(read(rel), undefined, `${rel} was left behind`);
    assert.equal(fs.existsSync(at('.github')), false, 'the .github folder Bulkhead created was left behind');
    await waitFor(async () => /Agent hooks: not installed/.test(await tooltip()), 5_000, 'the status tooltip to show no hooks');
  });

  test('Cline and Kiro CLI: the user\'s Cline script is chained and given back, each Kiro agent file gets the entry, a workspace without one is told so', async () => {
    // No Kiro agent file: nothing to install, said plainly, nothing asked.
    assert.deepEqual(await vscode.commands.executeCommand('bulkhead.installAgentHooks', { agents: ['kiro'] }), []);
    assert.deepEqual(dialogs.modals, []);
    assert.ok(dialogs.notices.some((n) => /^Bulkhead: nothing to install: Kiro CLI: there is no agent configuration in \.kiro\/agents/.test(n.message)), JSON.stringify(dialogs.notices));

    write('.clinerules/hooks/PreToolUse', userCline);
    fs.chmodSync(at('.clinerules/hooks/PreToolUse'), 0o750);
    write('.kiro/agents/dev.json', userKiro);
    await install(['kiro', 'cline']);
    assert.match(dialogs.lastModal().detail, /^• \.clinerules\/hooks\/PreToolUse \(Cline, the workspace has \.clinerules\): add to\. moved the PreToolUse script that was there to \.clinerules\/hooks\/PreToolUse\.before-bulkhead/m);
    assert.equal(read('.clinerules/hooks/PreToolUse.before-bulkhead'), userCline);
    assert.equal(fs.statSync(at('.clinerules/hooks/PreToolUse.before-bulkhead')).mode & 0o777, 0o750);
    assert.match(read('.clinerules/hooks/PreToolUse')!, /^#!\/bin\/sh\n# Bulkhead's PreToolUse hook for Cline/);
    assert.ok(/"[^"]*\/dist\/cli\.js" hook --dialect cline </.test(read('.clinerules/hooks/PreToolUse')!));
    const kiro = json('.kiro/agents/dev.json');
    assert.deepEqual(kiro.hooks.agentSpawn, [{ command: 'git status' }]);
    assert.equal(kiro.hooks.preToolUse.length, 1);
    assert.equal(kiro.hooks.preToolUse[0].matcher, '*');
    assert.ok(isOurs(kiro.hooks.preToolUse[0].command, 'kiro'));
    assert.equal(kiro.hooks.preToolUse[0].timeout_ms, 90_000);

    // Made non-executable (Cline would skip it): Repair makes it executable again.
    fs.chmodSync(at('.clinerules/hooks/PreToolUse'), 0o644);
    dialogs.answers.push('repair');
    assert.equal(await vscode.commands.executeCommand('bulkhead.repairAgentHooks'), true);
    assert.match(dialogs.lastModal().detail, /^• Cline: the script is not executable: Cline skips it and runs every tool$/m);
    assert.equal(fs.statSync(at('.clinerules/hooks/PreToolUse')).mode & 0o111, 0o111);

    dialogs.answers.push('remove');
    assert.equal(await vscode.commands.executeCommand('bulkhead.removeAgentHooks'), true);
    assert.equal(read('.clinerules/hooks/PreToolUse'), userCline);
    assert.equal(fs.statSync(at('.clinerules/hooks/PreToolUse')).mode & 0o777, 0o750);
    assert.equal(read('.clinerules/hooks/PreToolUse.before-bulkhead'), undefined);
    assert.equal(read('.kiro/agents/dev.json'), userKiro);
  });

  test('self-test: the installed hooks and the shell guard stop the production canary; a broken hook is caught', async function () {
    this.timeout(120_000);
    write('.kiro/agents/dev.json', userKiro);
    await install(['cursor', 'claude', 'copilot', 'codex', 'gemini', 'windsurf', 'kiro', 'cline']);
    const report = await vscode.commands.executeCommand<any>('bulkhead.runSelfTest', { quiet: true });
    assert.ok(report, 'no report');
    console.log(`[self-test] ${report.canary}\n${report.layers.map((l: any) => `  ${l.layer}: ${l.result} — ${l.detail}`).join('\n')}`);
    assert.equal(report.canary, 'kubectl --context prod-eu-1 delete namespace bulkhead-self-test');
    assert.equal(report.target, 'production (critical)');
    const layer = (re: RegExp) => report.layers.filter((l: { layer: string }) => re.test(l.layer));
    const expectStops = (re: RegExp, count: number) => {
      const found = layer(re);
      assert.equal(found.length, count, `${re}: ${JSON.stringify(found)}`);
      for (const l of found) assert.equal(l.result, 'stops', `${l.layer}: ${l.result} — ${l.detail}`);
      return found;
    };
    assert.match(expectStops(/^Cursor hook \(\.cursor\/hooks\.json\)/, 1)[0].detail, /answered "deny"/);
    assert.match(expectStops(/^Claude Code hook \(\.claude\/settings\.local\.json\)/, 1)[0].detail, /answered "deny"/);
    expectStops(/^GitHub Copilot hook \(\.github\/hooks\/bulkhead\.json\)/, 2); // VS Code's and the Copilot CLI's command
    expectStops(/^Codex hook \(\.codex\/hooks\.json\)/, 1);
    expectStops(/^Gemini CLI hook \(\.gemini\/settings\.json\)/, 1);
    expectStops(/^Windsurf hook \(\.windsurf\/hooks\.json\)/, 1);
    assert.match(expectStops(/^Kiro CLI hook \(\.kiro\/agents\)/, 1)[0].detail, /^exit 2: Bulkhead blocked/);
    assert.match(expectStops(/^Cline hook \(\.clinerules\/hooks\/PreToolUse\)/, 1)[0].detail, /answered "cancel": true/);
    assert.match(expectStops(/^Terminal guard: PATH shim for kubectl$/, 1)[0].detail, /^refused with exit 126/);
    expectStops(/^Terminal guard: BASH_ENV trap/, 1);
    assert.equal(report.layers.length, 11);
    assert.equal(report.protectedNow, true);

    // A hook that cannot run (its Node is gone) is installed but not enforcing: the self-test says so.
    const cursor = json('.cursor/hooks.json');
    const entry = cursor.hooks.beforeShellExecution[0];
    const node = /^"([^"]+)"/.exec(entry.command)![1];
    for (const event of Object.keys(cursor.hooks)) for (const e of cursor.hooks[event]) e.command = e.command.replace(node, '/nonexistent/node');
    write('.cursor/hooks.json', `${JSON.stringify(cursor, null, 2)}\n`);
    const broken = await vscode.commands.executeCommand<any>('bulkhead.runSelfTest', { quiet: true });
    const [cursorLayer] = broken.layers.filter((l: { layer: string }) => l.layer.startsWith('Cursor hook'));
    assert.equal(cursorLayer.result, 'fails');
    assert.match(cursorLayer.detail, /^exit 127.*Cursor blocks the action \(failClosed\) — but .*the Node .* no longer exists \(\/nonexistent\/node\)/);
    assert.equal(broken.protectedNow, false);
    assert.ok(broken.layers.filter((l: { layer: string }) => !l.layer.startsWith('Cursor hook')).every((l: { result: string }) => l.result === 'stops'));
  });
});
