// The demo npm start opens, driven as a first-time user would: a terminal finds the stand-in
// kubectl behind Bulkhead's shim, a read runs and prints what it would have done, the production
// delete stops at the block modal with Don't Run focused, and Enter refuses it.
// usage: node test/ui/demo.test.mjs SERVER_URL WORKSPACE
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { launchBrowser } from '../host/browser.mjs';
import { lapper, waitFor } from './common.mjs';

const [server, workspace] = process.argv.slice(2);
const shots = process.env.SHOT_DIR || path.resolve('test-output/ui');
fs.mkdirSync(shots, { recursive: true });
const lap = lapper('demo');

const browser = await launchBrowser();
const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
let failed = false;
const terminalText = async () => (await page.evaluate(() => window.driver.getTerminalBuffer('.terminal-wrapper'))).join('\n');
async function typeInTerminal(text) {
  await page.locator('.terminal-wrapper .xterm-helper-textarea').first().focus();
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
}

try {
  await page.goto(`${server.replace(/\/$/, '')}/?folder=${encodeURIComponent(workspace)}`);
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  await page.evaluate(() => window.driver.whenWorkbenchRestored());
  await page.locator('.statusbar-item', { hasText: /staging/ }).first().waitFor({ timeout: 60_000 });
  lap('workbench restored, staging active');

  await page.keyboard.press('F1');
  const box = page.locator('.quick-input-widget input');
  await box.waitFor({ state: 'visible' });
  await box.fill('>Terminal: Create New Terminal');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Terminal: Create New Terminal' }).first().click();
  await page.locator('.terminal-wrapper .xterm').first().waitFor({ state: 'visible', timeout: 30_000 });
  await waitFor(async () => /[#$]\s*$/m.test(await terminalText()), 20_000, 'a prompt');

  await typeInTerminal('kubectl --context staging get pods');
  const read = await waitFor(async () => { const t = await terminalText(); return /\[demo kubectl\] would have run: kubectl --context staging get pods/.test(t) ? t : undefined; }, 20_000, 'the stand-in kubectl to answer');
  assert.doesNotMatch(read, /command not found/);
  lap('a read ran through the shim to the stand-in kubectl');

  await typeInTerminal('kubectl --context prod-eu-1 delete namespace shop');
  const dialog = page.locator('.monaco-dialog-box');
  await dialog.waitFor({ state: 'visible', timeout: 20_000 });
  const message = (await dialog.locator('.dialog-message-text').innerText()).trim();
  lap(`modal: "${message}"`);
  assert.match(message, /^Blocked: .*production/);
  assert.equal((await page.evaluate(() => document.activeElement?.textContent ?? '')).trim(), "Don't Run");
  await page.screenshot({ path: path.join(shots, 'demo-block.png') });
  await page.keyboard.press('Enter');
  await dialog.waitFor({ state: 'hidden' });
  const after = await waitFor(async () => { const t = await terminalText(); return t.includes('Bulkhead refused') ? t : undefined; }, 15_000, 'the refusal');
  assert.doesNotMatch(after, /would have run: kubectl --context prod-eu-1 delete/);
  lap('Enter refused the production delete; the stand-in never ran');
  lap('PASS');
} catch (err) {
  failed = true;
  console.error(err);
  await page.screenshot({ path: path.join(shots, 'demo-failure.png') }).catch(() => {});
} finally {
  await browser.close();
}
process.exit(failed ? 1 : 0);
