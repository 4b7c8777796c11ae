// UI test: an agent hook request answered in the extension's modal. With the workbench open and
// staging active, this process runs the real hook CLI (`node dist/cli.js hook`, online: it finds the
// window through the connection file under HOME) with a Cursor beforeShellExecution payload that
// deletes a production namespace, from the test workspace:
//   1. the modal names production; Cancel → the hook prints {"permission":"deny", …};
//   2. again, approved through the typed confirmation → the hook prints {"permission":"allow"}.
// Screenshots: test-output/ui/hook-modal.png, hook-typed.png.
// usage: node test/ui/hooks.test.mjs SERVER_URL WORKSPACE   (started by scripts/test-host.mjs)
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { launchBrowser } from '../host/browser.mjs';
import { lapper } from './common.mjs';

const server = process.argv[2];
const workspace = process.argv[3];
const shots = process.env.SHOT_DIR || path.resolve('test-output/ui');
fs.mkdirSync(shots, { recursive: true });
const cli = path.resolve('dist/cli.js');
const lap = lapper('hooks');

// The captured Cursor payload, pointed at the test workspace.
const fixture = fs.readFileSync('test/fixtures/hooks/cursor/shell-production-delete.json', 'utf8');
const payload = fixture.replaceAll('__WORKSPACE__', JSON.stringify(workspace).slice(1, -1));
const command = JSON.parse(payload).command;
assert.equal(command, 'kubectl --context prod-eu-1 delete ns api');

/** Runs the hook as Cursor runs its installed entry (dialect pinned): payload on stdin, cwd the workspace. Resolves when it exits. */
function runHook() {
  const env = { ...process.env };
  for (const k of Object.keys(env)) if (k.startsWith('BULKHEAD_')) delete env[k]; // online, and no inherited guard
  const started = Date.now();
  const child = spawn(process.execPath, [cli, 'hook', '--dialect', 'cursor'], { cwd: workspace, env, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d) => { stdout += d; });
  child.stderr.setEncoding('utf8').on('data', (d) => { stderr += d; });
  child.stdin.end(payload);
  const exited = new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr, ms: Date.now() - started })));
  return { child, exited, get done() { return child.exitCode !== null; } };
}

const browser = await launchBrowser();
const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
let failed = false;
const hooks = [];
const shot = (name) => page.screenshot({ path: path.join(shots, name) });

try {
  await page.goto(`${server.replace(/\/$/, '')}/?folder=${encodeURIComponent(workspace)}`);
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  await page.evaluate(() => window.driver.whenWorkbenchRestored());
  // The status item appears once the extension is active, after it wrote its connection file.
  const status = page.locator('.statusbar-item', { hasText: /staging/ }).first();
  await status.waitFor({ timeout: 60_000 });
  assert.match(await status.getAttribute('aria-label') ?? '', /Bulkhead active environment staging, guarded/);
  lap('workbench restored, staging active');

  // 1. The modal names production; Cancel → deny in Cursor's format.
  const dialog = page.locator('.monaco-dialog-box');
  const first = runHook();
  hooks.push(first);
  await dialog.waitFor({ state: 'visible', timeout: 20_000 });
  const message = (await dialog.locator('.dialog-message-text').innerText()).trim();
  const detail = (await dialog.locator('.dialog-message-detail').innerText()).trim();
  const buttons = (await dialog.locator('.dialog-buttons .monaco-button').allInnerTexts()).map((b) => b.trim());
  lap(`modal: "${message}" buttons ${JSON.stringify(buttons)}\n${detail.replace(/^/gm, '    ')}`);
  assert.match(message, /^Blocked: .*production/);
  assert.match(detail, /^Command: kubectl --context prod-eu-1 delete ns api$/m);
  assert.match(detail, /^Target: production$/m);
  assert.match(detail, /^Active environment: staging$/m);
  assert.match(detail, /^Source: an agent \(Cursor shell\), via its hook$/m);
  assert.match(detail, new RegExp(`^Working directory: ${workspace.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'm'));
  assert.deepEqual(buttons.sort(), ['Cancel', "Don't Run", 'Type "production" to run…']);
  assert.equal(first.done, false, 'the hook answered before the human did');
  await shot('hook-modal.png');
  await dialog.getByRole('button', { name: 'Cancel', exact: true }).click();
  await dialog.waitFor({ state: 'hidden' });
  const denied = await first.exited;
  lap(`cancelled: hook exit ${denied.code} after ${denied.ms} ms: ${denied.stdout.trim().slice(0, 300)}`);
  assert.equal(denied.code, 0, denied.stderr);
  const deny = JSON.parse(denied.stdout);
  assert.equal(deny.permission, 'deny');
  assert.match(deny.user_message, /production/);
  assert.match(deny.agent_message, /production/);
  assert.match(deny.agent_message, /ask the user/i);

  // 2. Again, approved through the typed confirmation → allow.
  const second = runHook();
  hooks.push(second);
  await dialog.waitFor({ state: 'visible', timeout: 20_000 });
  assert.match((await dialog.locator('.dialog-message-text').innerText()).trim(), /^Blocked: .*production/);
  await dialog.getByRole('button', { name: 'Type "production" to run…' }).click();
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  await input.fill('production');
  await shot('hook-typed.png');
  assert.equal(second.done, false, 'the hook answered before the name was typed');
  await page.keyboard.press('Enter');
  const allowed = await second.exited;
  lap(`typed "production": hook exit ${allowed.code} after ${allowed.ms} ms: ${allowed.stdout.trim()}`);
  assert.equal(allowed.code, 0, allowed.stderr);
  assert.deepEqual(JSON.parse(allowed.stdout), { permission: 'allow' });
  lap('PASS');
} catch (e) {
  failed = true;
  console.error('UI hooks test FAILED:', e);
  await shot('hooks-failure.png').catch(() => {});
} finally {
  for (const h of hooks) if (!h.done) h.child.kill();
  await browser.close();
}
process.exit(failed ? 1 : 0);
