// UI tests with playwright-core and Debian's Chromium against code-server with the packaged
// extension installed (started by scripts/test-host.mjs):
//   1. the status bar shows the default environment; picking environments from it works;
//   2. a production-targeting command typed in a terminal stops at a modal naming production;
//      Cancel → nothing ran;
//   3. the typed-confirmation path: a wrong name is refused by validation, the right one runs it.
// Screenshots go to test-output/ui/ (status-bar.png, picker.png, modal-block.png,
// typed-confirmation.png, terminal-after.png).
// usage: node test/ui/ui.test.mjs SERVER_URL WORKSPACE
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launchBrowser } from '../host/browser.mjs';
import { sleep, waitFor } from './common.mjs';

const server = process.argv[2];
const workspace = process.argv[3];
const shots = process.env.SHOT_DIR || path.resolve('test-output/ui');
fs.mkdirSync(shots, { recursive: true });
const t0 = Date.now();
const lap = (m) => console.log(`[ui ${((Date.now() - t0) / 1000).toFixed(1)}s] ${m}`);

// A fake kubectl that records its runs. The terminal puts it on PATH right after Bulkhead's shims
// (the terminal's login shell rebuilds PATH from /etc/profile; the shims come back first through
// shell integration, which is what the typed `export` keeps).
const fakeDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bulkhead-ui-'));
fs.mkdirSync(path.join(fakeDir, 'bin'));
const runs = path.join(fakeDir, 'runs.log');
fs.writeFileSync(path.join(fakeDir, 'bin', 'kubectl'), `#!/bin/sh\necho "kubectl $*" >> '${runs}'\necho "fake kubectl ran: $*"\n`, { mode: 0o755 });
const dangerous = 'kubectl --context prod-eu-1 delete namespace shop';


const browser = await launchBrowser();
const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
let failed = false;
const shot = (name) => page.screenshot({ path: path.join(shots, name) });

async function palette(title) {
  await page.keyboard.press('F1');
  const box = page.locator('.quick-input-widget input');
  await box.waitFor({ state: 'visible' });
  // fill(), not keyboard.type(): keys typed before the box has focus would be lost.
  await box.fill(`>${title}`);
  // Click the row itself: Enter would take the focused row, which can be a recently used command.
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
  await row.waitFor();
  await row.click();
}

async function terminalText() {
  const lines = await page.evaluate(() => window.driver.getTerminalBuffer('.terminal-wrapper'));
  return lines.join('\n');
}

async function typeInTerminal(text) {
  await page.locator('.terminal-wrapper .xterm-helper-textarea').first().focus();
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
}

try {
  await page.goto(`${server.replace(/\/$/, '')}/?folder=${encodeURIComponent(workspace)}`);
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  await page.evaluate(() => window.driver.whenWorkbenchRestored());
  lap('workbench restored');

  // 1. Status bar: the default environment, then picking from it.
  const status = page.locator('.statusbar-item', { hasText: /staging/ }).first();
  await status.waitFor({ timeout: 60_000 });
  const label = await status.getAttribute('aria-label');
  lap(`status bar: "${(await status.innerText()).trim()}" (aria-label "${label}")`);
  assert.match(label ?? '', /Bulkhead active environment staging, guarded/);
  await shot('status-bar.png');
  await status.hover();
  await page.locator('.monaco-hover', { hasText: 'Enforcement' }).first().waitFor({ timeout: 10_000 });
  await shot('status-bar-tooltip.png');
  await page.keyboard.press('Escape');

  await status.click();
  const picker = page.locator('.quick-input-widget');
  await picker.waitFor({ state: 'visible' });
  const rows = await page.locator('.quick-input-list .monaco-list-row').allInnerTexts();
  lap(`picker rows: ${JSON.stringify(rows.map((r) => r.replace(/\s+/g, ' ').trim()))}`);
  assert.ok(rows.some((r) => /Read-only \(diagnose\)/.test(r)), 'no Read-only entry');
  assert.ok(rows.some((r) => /production/.test(r) && /critical/.test(r)), 'no production entry');
  await shot('picker.png');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'local' }).first().click();
  await page.locator('.statusbar-item', { hasText: /local/ }).first().waitFor({ timeout: 10_000 });
  lap('picked local from the status bar');
  await page.locator('.statusbar-item', { hasText: /local/ }).first().click();
  await picker.waitFor({ state: 'visible' });
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'staging' }).first().click();
  await page.locator('.statusbar-item', { hasText: /staging/ }).first().waitFor({ timeout: 10_000 });
  lap('picked staging from the status bar');

  // 2. A production delete typed in a terminal stops at a modal naming production; Cancel.
  await palette('Terminal: Create New Terminal');
  await page.locator('.terminal-wrapper .xterm').first().waitFor({ state: 'visible', timeout: 30_000 });
  await waitFor(async () => /[#$]\s*$/m.test(await terminalText()), 20_000, 'a prompt');
  await typeInTerminal(`export PATH="$BULKHEAD_SHIM_DIR:${fakeDir}/bin:$PATH"`);
  const probe = path.join(fakeDir, 'which.txt');
  await typeInTerminal(`type -P kubectl > ${probe}`);
  const which = await waitFor(() => fs.existsSync(probe) && fs.readFileSync(probe, 'utf8').trim(), 10_000, 'type -P kubectl');
  lap(`kubectl in the terminal resolves to ${which}`);
  assert.match(which, /bulkhead-shims\/kubectl$/, 'the shim is not first on PATH');
  await typeInTerminal('clear');
  await sleep(500);
  const r0 = Date.now();
  await typeInTerminal(dangerous);
  const dialog = page.locator('.monaco-dialog-box');
  await dialog.waitFor({ state: 'visible', timeout: 20_000 });
  const message = (await dialog.locator('.dialog-message-text').innerText()).trim();
  const detail = (await dialog.locator('.dialog-message-detail').innerText()).trim();
  const buttons = (await dialog.locator('.dialog-buttons .monaco-button').allInnerTexts()).map((b) => b.trim());
  lap(`modal after ${Date.now() - r0} ms: "${message}" buttons ${JSON.stringify(buttons)}`);
  assert.match(message, /production/);
  assert.match(detail, /Command: kubectl --context prod-eu-1 delete namespace shop/);
  assert.match(detail, /Active environment: staging/);
  assert.match(detail, /Target: production/);
  assert.ok(buttons.some((b) => b === 'Type "production" to run…'), 'no typed-confirmation button');
  assert.ok(!buttons.some((b) => /10 minutes/.test(b)), 'a block must not offer "allow for 10 minutes"');
  assert.ok(buttons.includes('Cancel'), 'no Cancel button');
  await shot('modal-block.png');
  // Enter takes the focused button: on a block it must be one that does not run.
  const focused = (await page.evaluate(() => document.activeElement?.textContent ?? '')).trim();
  lap(`focused button: "${focused}"`);
  assert.equal(focused, "Don't Run", 'Enter would not answer "no"');
  await page.keyboard.press('Enter');
  await dialog.waitFor({ state: 'hidden' });
  const refused = await waitFor(async () => { const t = await terminalText(); return t.includes('Bulkhead refused') ? t : undefined; }, 15_000, 'the refusal in the terminal');
  assert.match(refused, /ask the user/i);
  assert.equal(fs.existsSync(runs), false, 'kubectl ran although the modal was cancelled');
  lap('Enter answered no: the terminal shows the refusal and nothing ran');
  await shot('terminal-refused.png');

  // 3. The typed-confirmation path.
  await typeInTerminal('clear');
  await sleep(300);
  await typeInTerminal(dangerous);
  await dialog.waitFor({ state: 'visible', timeout: 20_000 });
  await dialog.getByRole('button', { name: 'Type "production" to run…' }).click();
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  await input.fill('prod');
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget', { hasText: 'Type exactly "production"' }).waitFor({ timeout: 10_000 });
  await shot('typed-confirmation.png');
  assert.equal(fs.existsSync(runs), false, 'a wrong name was accepted');
  lap('a wrong name is refused by validation');
  await input.fill('production');
  await page.keyboard.press('Enter');
  const ran = await waitFor(() => fs.existsSync(runs) && fs.readFileSync(runs, 'utf8'), 15_000, 'kubectl to run after the typed confirmation');
  assert.match(ran, /kubectl --context prod-eu-1 delete namespace shop/);
  await waitFor(async () => (await terminalText()).includes('fake kubectl ran'), 10_000, 'the output in the terminal');
  lap('typed "production": the command ran');
  await shot('terminal-after.png');

  // 4. Elevation: picking production from the status bar asks first, then counts down.
  await page.locator('.statusbar-item', { hasText: /staging/ }).first().click();
  await picker.waitFor({ state: 'visible' });
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'production' }).first().click();
  await dialog.waitFor({ state: 'visible', timeout: 10_000 });
  const elevateText = (await dialog.locator('.dialog-message-text').innerText()).trim();
  lap(`elevation modal: "${elevateText}"`);
  assert.match(elevateText, /production.*critical/);
  await shot('elevation-modal.png');
  await dialog.getByRole('button', { name: 'Elevate to production' }).click();
  const elevated = page.locator('.statusbar-item', { hasText: /production/ }).first();
  await elevated.waitFor({ timeout: 10_000 });
  const countdown = (await elevated.innerText()).trim();
  lap(`elevated: status bar "${countdown}"`);
  assert.match(countdown, /production\s+1[45]:\d\d/);
  await shot('elevated.png');
  await palette('Bulkhead: Return to Default');
  await page.locator('.statusbar-item', { hasText: /staging/ }).first().waitFor({ timeout: 10_000 });
  lap('returned to the default');

  // 5. Evaluate Command…: type a line, see the decision and why.
  await palette('Bulkhead: Evaluate Command');
  const commandBox = page.locator('.quick-input-widget', { hasText: 'Bulkhead: Evaluate Command' }).locator('input');
  await commandBox.waitFor({ state: 'visible' });
  await commandBox.fill('terraform -chdir=infra/envs/production destroy');
  await page.keyboard.press('Enter');
  await dialog.waitFor({ state: 'visible', timeout: 10_000 });
  const verdict = (await dialog.locator('.dialog-message-text').innerText()).trim();
  lap(`evaluate: "${verdict}"`);
  assert.match(verdict, /^Blocked: .*production/);
  await shot('evaluate.png');
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'hidden' });

  // 6. Show Activity: the decisions just made, newest first, in the activity bar's Bulkhead view.
  await palette('Bulkhead: Show Activity');
  const rowsLocator = page.locator('.pane-body .monaco-list-row', { hasText: 'delete namespace shop' });
  await rowsLocator.first().waitFor({ timeout: 15_000 });
  const activity = (await rowsLocator.allInnerTexts()).map((r) => r.replace(/\s+/g, ' ').trim());
  lap(`activity view: ${JSON.stringify(activity.slice(0, 2))}`);
  assert.match(activity[0], /block · approved/);
  assert.match(activity[1], /block · denied/);
  await shot('activity.png');
  lap('PASS');
} catch (e) {
  failed = true;
  console.error('UI test FAILED:', e);
  await shot('failure.png').catch(() => {});
} finally {
  await browser.close();
  fs.rmSync(fakeDir, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
