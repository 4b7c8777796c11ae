import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { api, bashTerminal, fakeKubectl, readIf, runInTerminal, tempDir, waitFor } from './helpers';

suite('terminal guard, end to end in a real terminal', () => {
  let term: vscode.Terminal | undefined;
  teardown(async () => {
    term?.dispose();
    term = undefined;
    const a = await api();
    a.testing.useRealPrompter();
    a.testing.setConfirmationTimeoutMs(undefined);
    await vscode.commands.executeCommand('bulkhead.returnToDefault');
  });

  test('the environment collection reaches a new terminal: shims first on PATH, BASH_ENV, IPC, blanked credentials', async () => {
    const a = await api();
    const out = path.join(tempDir('env'), 'env.txt');
    term = await bashTerminal('bulkhead-env', { RAILWAY_TOKEN: 'prod-secret', RAILWAY_STAGING_TOKEN: 'staging-secret' });
    term.sendText(`printf '%s\\n' "PATH=$PATH" "BASH_ENV=$BASH_ENV" "IPC=$BULKHEAD_IPC" "ACTIVE=$BULKHEAD_ACTIVE" "RAILWAY_TOKEN=[$RAILWAY_TOKEN]" "RAILWAY_STAGING_TOKEN=[$RAILWAY_STAGING_TOKEN]" > '${out}'`);
    const text = await waitFor(() => { const t = readIf(out); return t?.includes('STAGING') ? t : undefined; }, 20_000, 'the terminal to print its environment');
    console.log(`[host] ${text.split('\n')[0].slice(0, 200)}`);
    const first = text.match(/^PATH=([^:\n]*)/m)?.[1];
    assert.equal(first, a.testing.guardFiles.shimDir, 'the shim directory is not first on PATH');
    assert.match(text, new RegExp(`BASH_ENV=${a.testing.guardFiles.bashEnv.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    assert.match(text, new RegExp(`IPC=${a.testing.ipc.address.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    assert.match(text, /ACTIVE=staging/);
    assert.match(text, /RAILWAY_TOKEN=\[\]/, 'the production credential was not blanked');
    assert.match(text, /RAILWAY_STAGING_TOKEN=\[staging-secret\]/, 'the active environment\'s credential must stay');
  });

  test('a plain read goes through the shim without asking', async () => {
    const a = await api();
    const p = a.testing.useScriptedPrompter('no');
    const fake = fakeKubectl();
    term = await bashTerminal('bulkhead-read', { PATH: `${fake.bin}:${process.env.PATH}` });
    assert.equal(await runInTerminal(term, 'kubectl get pods -n staging'), 0);
    assert.match(readIf(fake.runs) ?? '', /kubectl get pods -n staging/);
    assert.equal(p.asked.length, 0);
  });

  test('blocked: a production delete from a staging session does not run (exit 126, no marker)', async () => {
    const a = await api();
    const p = a.testing.useScriptedPrompter('no');
    const fake = fakeKubectl();
    const err = path.join(tempDir('stderr'), 'err.txt');
    term = await bashTerminal('bulkhead-block', { PATH: `${fake.bin}:${process.env.PATH}` });
    const rc = await runInTerminal(term, `kubectl --context prod-eu-1 delete namespace shop 2> '${err}'`);
    assert.equal(rc, 126);
    assert.equal(readIf(fake.runs), undefined, 'the real kubectl ran');
    assert.equal(p.asked.length, 1);
    assert.equal(p.asked[0].decision, 'block');
    assert.equal(p.asked[0].typedName, 'production');
    assert.match(p.asked[0].detail, /via the kubectl shim/);
    const stderr = readIf(err) ?? '';
    assert.match(stderr, /Bulkhead refused/);
    assert.match(stderr, /ask the user/i);
  });

  test('approved: the same command runs once the human confirms', async () => {
    const a = await api();
    a.testing.useScriptedPrompter('run');
    const fake = fakeKubectl();
    term = await bashTerminal('bulkhead-approve', { PATH: `${fake.bin}:${process.env.PATH}` });
    assert.equal(await runInTerminal(term, 'kubectl --context prod-eu-1 delete namespace shop'), 0);
    assert.match(readIf(fake.runs) ?? '', /kubectl --context prod-eu-1 delete namespace shop/);
    const last = a.testing.recentAudit(1)[0];
    assert.equal(last.answer, 'approved');
    assert.equal(last.source, 'shim:kubectl');
  });

  test('non-interactive bash: the BASH_ENV trap stops an absolute-path call the shims cannot see', async () => {
    const a = await api();
    const p = a.testing.useScriptedPrompter('no');
    const fake = fakeKubectl();
    const after = path.join(tempDir('after'), 'after.txt');
    term = await bashTerminal('bulkhead-bashenv', {});
    const rc = await runInTerminal(term, `bash -c '${fake.bin}/kubectl --context prod-eu-1 delete namespace shop; echo after > ${after}'`);
    assert.equal(rc, 126);
    assert.equal(readIf(fake.runs), undefined, 'the real kubectl ran');
    assert.equal(readIf(after), undefined, 'the script went on after the refusal');
    assert.equal(p.asked.length, 1);
    assert.match(p.asked[0].detail, /BASH_ENV/);
  });

  test('unreachable extension: anything not allowed is refused, reads still run', async () => {
    const fake = fakeKubectl();
    term = await bashTerminal('bulkhead-offline', { PATH: `${fake.bin}:${process.env.PATH}` });
    // Point this shell at a socket nobody listens on.
    const dead = path.join(tempDir('dead'), 's.sock');
    assert.equal(await runInTerminal(term, `export BULKHEAD_IPC='${dead}'`), 0);
    assert.equal(await runInTerminal(term, 'kubectl --context prod-eu-1 delete namespace offline-shop'), 126);
    assert.equal(readIf(fake.runs), undefined);
    assert.equal(await runInTerminal(term, 'kubectl --context staging rollout status deployment/web'), 0, 'a read must still run (the CLI decides offline)');
    assert.match(readIf(fake.runs) ?? '', /rollout status/);
  });

  test('observation: a mutation that passed no guard is reported as a bypass', async () => {
    const a = await api();
    a.testing.useScriptedPrompter('no');
    const before = a.testing.bypasses();
    const fake = fakeKubectl();
    term = await bashTerminal('bulkhead-bypass', {});
    assert.ok(term.shellIntegration, 'shell integration is not active in this terminal');
    // `env PATH=…` resets PATH, so no shim sees it, and an interactive shell has no BASH_ENV trap.
    await runInTerminal(term, `env PATH=${fake.bin}:/usr/bin:/bin kubectl --context prod-eu-1 delete namespace shop`);
    assert.match(readIf(fake.runs) ?? '', /delete namespace shop/, 'the bypass did not even run');
    const entry = await waitFor(() => a.testing.recentAudit(5).find((r) => r.answer === 'bypass' && r.command.includes('env PATH=')), 15_000, 'the bypass to be audited');
    assert.match(entry.command, /delete namespace shop/);
    assert.equal(entry.decision, 'block');
    assert.ok(a.testing.bypasses() > before);
    // Commands that went through a shim (answered by the human) are never bypasses.
    const wrong = a.testing.recentAudit(100).filter((r) => r.answer === 'bypass' && /^kubectl --context prod-eu-1 delete namespace shop\b/.test(r.command));
    assert.deepEqual(wrong.map((r) => r.command), []);
    assert.match(a.status()?.text ?? '', /\$\(alert\) \d/);
    fs.rmSync(fake.runs, { force: true });
  });

  test('observation never cries wolf: a shim with no real program and an echo of an emptied credential are notes', async () => {
    const a = await api();
    a.testing.useScriptedPrompter('no');
    // No real railway on this PATH: the shim says "command not found" and exits 127 without running anything.
    term = await bashTerminal('bulkhead-no-wolf', { PATH: '/usr/bin:/bin', RAILWAY_TOKEN: 'prod-secret' });
    assert.ok(term.shellIntegration, 'shell integration is not active in this terminal');
    // One line at a time: typed ahead, the two reach shell integration as one command line.
    await runInTerminal(term, 'echo "token: $RAILWAY_TOKEN"');
    term.sendText('railway down --environment production');
    const note = await waitFor(() => a.testing.recentAudit(10).find((r) => r.answer === 'note' && r.command.startsWith('railway down')), 20_000, 'the note for railway');
    assert.match(note.reason ?? '', /did not run/);
    // Other terminals of earlier tests may still report; only this terminal's two commands are in question.
    const ours = (r: { command: string }) => r.command.startsWith('railway down') || r.command.startsWith('echo "token');
    assert.deepEqual(a.testing.recentAudit(200).filter((r) => r.answer === 'bypass' && ours(r)).map((r) => r.command), [],
      'a command that ran nothing, or an echo of an emptied variable, counted as a bypass');
  });
});
