import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { api, sleep, waitFor } from './helpers';

suite('active environment', () => {
  teardown(async () => {
    const a = await api();
    a.testing.setElevationMs(undefined);
    a.testing.useRealPrompter();
    await vscode.commands.executeCommand('bulkhead.returnToDefault');
  });

  test('the picker, driven by command arguments, switches environments and the status bar follows', async () => {
    const a = await api();
    assert.equal(await vscode.commands.executeCommand('bulkhead.selectEnvironment', 'local'), true);
    assert.equal(a.status()?.text, '$(shield) local');
    assert.equal(a.status()?.background, undefined);
    await vscode.commands.executeCommand('bulkhead.selectEnvironment', 'read-only');
    assert.equal(a.status()?.text, '$(lock) Read-only');
    assert.equal(a.active().name, 'read-only');
    assert.equal(await vscode.commands.executeCommand('bulkhead.selectEnvironment', 'no-such-env'), false);
    assert.equal(a.active().name, 'read-only');
    await vscode.commands.executeCommand('bulkhead.selectEnvironment', 'staging');
    assert.equal(a.status()?.text, '$(shield) staging');
    assert.equal(a.status()?.background, 'warning');
    assert.match(a.status()?.tooltip ?? '', /Protection: guarded/);
  });

  test('a declined elevation changes nothing', async () => {
    const a = await api();
    const p = a.testing.useScriptedPrompter('no', false);
    assert.equal(await vscode.commands.executeCommand('bulkhead.selectEnvironment', 'production'), false);
    assert.deepEqual(p.elevations, ['production']);
    assert.equal(a.active().name, 'staging');
  });

  test('elevation to a critical environment counts down and expires back to the default', async () => {
    const a = await api();
    a.testing.useScriptedPrompter('no', true);
    a.testing.setElevationMs(2500);
    assert.equal(await vscode.commands.executeCommand('bulkhead.elevate', 'production'), true);
    assert.equal(a.active().name, 'production');
    assert.ok(a.active().elevatedUntil, 'no elevation deadline');
    assert.match(a.status()?.text ?? '', /^\$\(shield\) production \$\(watch\) 0:0[0-3]$/);
    assert.equal(a.status()?.background, 'error');
    const first = a.status()?.text;
    await sleep(1200);
    assert.notEqual(a.status()?.text, first, 'the countdown did not tick');
    await waitFor(() => a.active().name === 'staging', 6000, 'the elevation to expire');
    assert.equal(a.active().elevatedUntil, undefined);
    assert.equal(a.status()?.text, '$(shield) staging');
  });

  test('Return to Default ends an elevation at once', async () => {
    const a = await api();
    a.testing.useScriptedPrompter('no', true);
    await vscode.commands.executeCommand('bulkhead.selectEnvironment', 'production');
    assert.equal(a.active().name, 'production');
    assert.equal(await vscode.commands.executeCommand('bulkhead.returnToDefault'), 'staging');
    assert.equal(a.active().elevatedUntil, undefined);
  });

  test('credentials of other environments are blanked for the active one', async () => {
    const a = await api();
    assert.deepEqual(a.testing.blanked(), ['PROD_DATABASE_URL', 'RAILWAY_TOKEN']);
    await vscode.commands.executeCommand('bulkhead.selectEnvironment', 'local');
    assert.deepEqual(a.testing.blanked(), ['PROD_DATABASE_URL', 'RAILWAY_STAGING_TOKEN', 'RAILWAY_TOKEN', 'STAGING_DATABASE_URL']);
  });
});
