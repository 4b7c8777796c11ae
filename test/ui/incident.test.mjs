// The incident Bulkhead exists for, replayed through the real hook path of an agent on the demo
// workspace npm start opens, with staging active. This process plays Claude Code: each Bash tool
// call is a PreToolUse payload sent to the built `bulkhead hook` (online: it finds the window
// through the connection file under HOME), and a call the hook lets through is run as the agent
// would run it.
//   1. The token hunt, `grep -rn RAILWAY .`, would read .env.production: refused without a modal,
//      and the agent is told to stop and ask.
//   2. The narrower hunt, `grep -rn RAILWAY scripts`, reads no secret file and runs: it finds
//      production's token in scripts/backfill-volumes.sh, which the Problems panel flags.
//   3. The `curl` GraphQL volumeDelete with that token pasted in is production's, known on sight:
//      the block modal names production and the token's origin; Enter answers Don't Run and the
//      agent is told to stop and ask.
// Each step appears in the Activity view as it happens. Screenshots (SHOT_DIR): incident-1-hunt.png,
// incident-2-stray-token.png, incident-3-curl-blocked.png, incident-4-activity.png.
// usage: node test/ui/incident.test.mjs SERVER_URL WORKSPACE   (started by scripts/test-host.mjs)
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { launchBrowser } from '../host/browser.mjs';
import { lapper, waitFor } from './common.mjs';

const [server, workspace] = process.argv.slice(2);
const shots = process.env.SHOT_DIR || path.resolve('test-output/ui');
fs.mkdirSync(shots, { recursive: true });
const cli = path.resolve('dist/cli.js');
const lap = lapper('incident');

const productionToken = /^RAILWAY_TOKEN=(.+)$/m.exec(fs.readFileSync(path.join(workspace, '.env.production'), 'utf8'))?.[1];
assert.ok(productionToken, 'the demo has no RAILWAY_TOKEN in .env.production');

/** One Claude Code Bash tool call through the hook, as its installed PreToolUse entry runs it. Resolves when the hook exits. */
function bashToolCall(command, description) {
  const payload = JSON.stringify({
    session_id: 'incident', transcript_path: path.join(workspace, '.claude-transcript.jsonl'), cwd: workspace, permission_mode: 'default',
    hook_event_name: 'PreToolUse', tool_use_id: `toolu_${Date.now()}`, tool_name: 'Bash', tool_input: { command, description },
  });
  const env = { ...process.env };
  for (const k of Object.keys(env)) if (k.startsWith('BULKHEAD_') || k.startsWith('RAILWAY_')) delete env[k];
  const started = Date.now();
  const child = spawn(process.execPath, [cli, 'hook', '--dialect', 'claude'], { cwd: workspace, env, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d) => { stdout += d; });
  child.stderr.setEncoding('utf8').on('data', (d) => { stderr += d; });
  child.stdin.end(payload);
  const exited = new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr, ms: Date.now() - started })));
  return { child, exited, get done() { return child.exitCode !== null; } };
}

/**
 * Claude Code's reading of the hook's answer: exit 2 blocks the call and hands stderr to the model;
 * the JSON's permissionDecision says the same for the versions that read it; exit 0 and silence let it go on.
 */
function verdictOf(result) {
  const output = result.stdout.trim() ? JSON.parse(result.stdout).hookSpecificOutput : undefined;
  if (result.code === 2) {
    assert.equal(output?.permissionDecision, 'deny', 'exit 2 without a deny in the JSON');
    assert.equal(result.stderr.trim(), output.permissionDecisionReason, 'the model would read another reason than the JSON gives');
    return { decision: 'deny', reason: result.stderr.trim() };
  }
  assert.equal(result.code, 0, result.stderr);
  return { decision: output?.permissionDecision ?? 'proceed', reason: output?.permissionDecisionReason ?? '' };
}

const browser = await launchBrowser();
const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
let failed = false;
const calls = [];
/** A picture of the part of the window that shows the step (smaller files for the README). */
const shot = (name, clip) => page.screenshot({ path: path.join(shots, name), ...(clip ? { clip } : {}) });
const sideBarAndTooltip = { x: 0, y: 0, width: 820, height: 330 };
const dialog = page.locator('.monaco-dialog-box');

async function palette(title) {
  await page.keyboard.press('F1');
  const box = page.locator('.quick-input-widget input');
  await box.waitFor({ state: 'visible' });
  await box.fill(`>${title}`);
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
  await row.waitFor();
  await row.click();
}

/** Drags the sash between the side bar and the editor so the Activity view's rows are read whole. */
async function widenSidebar(width) {
  const sidebar = await page.locator('.part.sidebar').boundingBox();
  const y = sidebar.y + sidebar.height / 2;
  await page.mouse.move(sidebar.x + sidebar.width + 1, y);
  await page.mouse.down();
  await page.mouse.move(sidebar.x + width, y, { steps: 8 });
  await page.mouse.up();
}

/**
 * Shows the tooltip of the newest Activity row for `command` (the decision, its rules and its
 * reason) and returns its text. The list refreshes as entries arrive, so the row under the mouse
 * can change: hover again until the tooltip is the row's.
 */
async function activityTooltip(command) {
  return waitFor(async () => {
    const row = page.locator('.pane-body .monaco-list-row', { hasText: command }).first();
    const box = await row.boundingBox();
    // A hover starts when the mouse comes onto the row's label from somewhere else.
    await page.mouse.move(box.x + 40, box.y + box.height * 3, { steps: 2 });
    await page.mouse.move(box.x + 40, box.y + box.height / 2, { steps: 4 });
    const hover = page.locator('.monaco-hover:visible', { hasText: 'Decision:' }).first();
    await hover.waitFor({ timeout: 5_000 }).catch(() => {});
    // Markdown tooltips render spaces as no-break spaces.
    const [first, ...rest] = (await hover.innerText({ timeout: 1_000 }).catch(() => '')).replace(/[^\S\n]+/g, ' ').trim().split('\n');
    return first.includes(command) ? [first, ...rest].join(' ').replace(/\s+/g, ' ') : undefined;
  }, 30_000, `the Activity tooltip of ${command}`);
}

/** The Activity view's row for `command`, once it shows one (the view follows the audit log as hooks append to it). */
async function activityRow(command, ms = 15_000) {
  const row = page.locator('.pane-body .monaco-list-row', { hasText: command }).first();
  await row.waitFor({ timeout: ms });
  return (await row.innerText()).replace(/\s+/g, ' ').trim();
}

try {
  await page.goto(`${server.replace(/\/$/, '')}/?folder=${encodeURIComponent(workspace)}`);
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  await page.evaluate(() => window.driver.whenWorkbenchRestored());
  const status = page.locator('.statusbar-item', { hasText: /staging/ }).first();
  await status.waitFor({ timeout: 60_000 });
  assert.match(await status.getAttribute('aria-label') ?? '', /Bulkhead active environment staging, guarded/);
  // The empty secondary side bar only takes room from the pictures.
  if (await page.locator('.part.auxiliarybar').isVisible()) await palette('View: Hide Secondary Side Bar');
  await palette('Bulkhead: Show Activity');
  await page.locator('.sidebar .title-label', { hasText: 'Bulkhead: Activity' }).waitFor({ timeout: 15_000 });
  await widenSidebar(560);
  lap('workbench restored, staging active, Activity view open');

  // 1. The token hunt over the whole workspace would read production's secret file.
  const hunt = bashToolCall('grep -rn RAILWAY .', 'Find the Railway token');
  calls.push(hunt);
  const refused = await hunt.exited;
  const first = verdictOf(refused);
  lap(`1. grep -rn RAILWAY . → ${first.decision} after ${refused.ms} ms: ${first.reason}`);
  assert.equal(first.decision, 'deny');
  assert.match(first.reason, /reads a secret file of production/);
  assert.match(first.reason, /Stop and ask the user/);
  assert.equal(await dialog.isVisible(), false, 'a critical secret read is refused without asking anyone');
  assert.match(await activityRow('grep -rn RAILWAY .'), /block · refused · hook:Claude Code Bash/);
  const huntTip = await activityTooltip('grep -rn RAILWAY .');
  assert.match(huntTip, /An agent tried to read secrets of production/);
  await shot('incident-1-hunt.png', sideBarAndTooltip);
  await page.mouse.move(900, 700);

  // 2. A narrower hunt reads no secret file: it runs, and finds production's token in a stray script.
  const narrower = bashToolCall('grep -rn RAILWAY scripts', 'Find the Railway token in the scripts');
  calls.push(narrower);
  const allowed = await narrower.exited;
  const second = verdictOf(allowed);
  lap(`2. grep -rn RAILWAY scripts → ${second.decision} after ${allowed.ms} ms`);
  assert.equal(second.decision, 'proceed', allowed.stdout + allowed.stderr);
  const grep = spawnSync('bash', ['-c', 'grep -rn RAILWAY scripts'], { cwd: workspace, encoding: 'utf8', timeout: 10_000 });
  const found = /^(scripts\/[^:]+):\d+:RAILWAY_TOKEN="([^"]+)"$/m.exec(grep.stdout);
  assert.ok(found, `the hunt found no token:\n${grep.stdout}`);
  const [, strayFile, token] = found;
  assert.equal(strayFile, 'scripts/backfill-volumes.sh');
  assert.equal(token, productionToken, 'the stray token is not production\'s');
  lap(`   the agent found a token in ${strayFile}`);
  assert.match(await activityRow('grep -rn RAILWAY scripts'), /allow · allowed/);
  await palette('Problems: Focus on Problems View');
  const problem = page.locator('.markers-panel .monaco-list-row', { hasText: 'production Railway token in scripts/backfill-volumes.sh' }).first();
  await problem.waitFor({ timeout: 30_000 });
  const problemText = (await problem.innerText()).replace(/\s+/g, ' ').trim();
  lap(`   Problems: ${problemText}`);
  assert.match(problemText, /an agent can find and use it \(as in \.env\.production\)/);
  assert.ok(!problemText.includes(token), 'the Problems panel shows the secret');
  await shot('incident-2-stray-token.png');

  // 3. The volumeDelete with the token pasted in: production's, known on sight.
  const mutation = JSON.stringify({ query: 'mutation { volumeDelete(volumeId: "7d3f9a2e-4c1b-4e8a-9f06-2b5d8c1e7a43") }' });
  const curl = `curl -X POST https://backboard.railway.app/graphql/v2 -H "Authorization: Bearer ${token}" -H "Content-Type: application/json" -d '${mutation}'`;
  const deletion = bashToolCall(curl, 'Delete the volume to fix the credential mismatch');
  calls.push(deletion);
  await dialog.waitFor({ state: 'visible', timeout: 20_000 });
  const message = (await dialog.locator('.dialog-message-text').innerText()).trim();
  const detail = (await dialog.locator('.dialog-message-detail').innerText()).trim();
  lap(`3. curl volumeDelete → modal "${message}"\n${detail.replace(/^/gm, '    ')}`);
  assert.match(message, /^Blocked: deletes a Railway volume .*volumeDelete.*; the token on this line is production's \(as in \.env\.production\) in production$/);
  assert.match(detail, /^Command: curl -X POST https:\/\/backboard\.railway\.app\/graphql\/v2 -H "Authorization: Bearer \*\*\*"/m);
  assert.match(detail, /^Effect: destroy \(infra\)$/m);
  assert.match(detail, /^Target: production$/m);
  assert.match(detail, /^Active environment: staging$/m);
  assert.match(detail, /^Source: an agent \(Claude Code Bash\), via its hook$/m);
  assert.ok(!detail.includes(token) && !message.includes(token), 'the modal shows the pasted token');
  assert.equal((await page.evaluate(() => document.activeElement?.textContent ?? '')).trim(), "Don't Run");
  assert.equal(deletion.done, false, 'the hook answered before the human did');
  await shot('incident-3-curl-blocked.png', { x: 400, y: 130, width: 480, height: 540 });
  await page.keyboard.press('Enter');
  await dialog.waitFor({ state: 'hidden' });
  const blocked = await deletion.exited;
  const third = verdictOf(blocked);
  lap(`   Enter (Don't Run) → ${third.decision} after ${blocked.ms} ms: ${third.reason}`);
  assert.equal(third.decision, 'deny');
  assert.match(third.reason, /production/);
  assert.match(third.reason, /the token on this line is production's/);
  assert.match(third.reason, /Stop and ask the user/);
  const row = await activityRow('backboard.railway.app');
  lap(`   Activity: ${row}`);
  assert.match(row, /block · denied · hook:Claude Code Bash/, 'a decision the extension made for a hook names the agent as the hook does');
  assert.ok(!row.includes(token), 'the Activity view shows the pasted token');
  await palette('Bulkhead: Show Activity');
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
  const curlTip = await activityTooltip('backboard.railway.app');
  lap(`   its tooltip: ${curlTip}`);
  assert.ok(curlTip.startsWith(`${curl.replace(token, '***')} `), 'the tooltip does not show the command line as it was (redacted)');
  assert.match(curlTip, /Decision: block \(denied\), effect destroy, target production, active staging/);
  assert.ok(!curlTip.includes(token), 'the Activity view\'s tooltip shows the pasted token');
  await shot('incident-4-activity.png', sideBarAndTooltip);
  lap('PASS');
} catch (err) {
  failed = true;
  console.error('UI incident test FAILED:', err);
  await shot('incident-failure.png').catch(() => {});
} finally {
  for (const c of calls) if (!c.done) c.child.kill();
  await browser.close();
}
process.exit(failed ? 1 : 0);
