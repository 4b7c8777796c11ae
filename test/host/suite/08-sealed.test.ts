import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { api, waitFor } from './helpers';

suite('sealed secrets', () => {
  const file = () => path.join(vscode.workspace.workspaceFolders![0].uri.fsPath, '.env.production');
  // Comments, order, quoting, an export, a multi-line value and CRLF line endings must all come back as they were.
  const original = Buffer.from('# production\r\nexport RAILWAY_TOKEN="rw-prod-1234"\r\nDATABASE_URL=postgres://app:s3cret@db.prod.acme.internal/acme # main\r\n\r\nKEY=\'single quoted\'\r\nMULTI="a\\nb"\r\n');
  suiteTeardown(async () => {
    const a = await api();
    a.testing.setElevationMs(undefined);
    await vscode.commands.executeCommand('bulkhead.returnToDefault');
    fs.rmSync(file(), { force: true });
  });

  test('Seal leaves a stub with the key names only; an elevation gives new terminals the values, and its end takes them away and flags the terminals', async () => {
    const a = await api();
    fs.writeFileSync(file(), original);
    const sealed = await vscode.commands.executeCommand<{ keys: string[] }>('bulkhead.sealSecrets', file());
    assert.deepEqual(sealed?.keys, ['RAILWAY_TOKEN', 'DATABASE_URL', 'KEY', 'MULTI']);
    const stub = fs.readFileSync(file(), 'utf8');
    assert.ok(stub.startsWith('# bulkhead:sealed production'), stub);
    for (const secret of ['rw-prod-1234', 's3cret', 'single quoted']) assert.ok(!stub.includes(secret), `${secret} stayed on disk`);
    assert.match(stub, /# RAILWAY_TOKEN\r\n/);
    assert.deepEqual(a.testing.sealedGiven(), [], 'sealed values reached terminals while staging is active');

    a.testing.useScriptedPrompter('no', true);
    a.testing.setElevationMs(4000);
    assert.equal(await vscode.commands.executeCommand('bulkhead.elevate', 'production'), true);
    await waitFor(() => a.testing.sealedGiven().length === 4, 5000, 'the sealed values to be given during the elevation');
    assert.deepEqual(a.testing.sealedGiven().sort(), ['DATABASE_URL', 'KEY', 'MULTI', 'RAILWAY_TOKEN']);
    const terminal = vscode.window.createTerminal({ name: 'sealed-probe', shellPath: '/bin/bash' });
    await waitFor(() => a.testing.terminalsHoldingSealed().includes('sealed-probe'), 5000, 'the terminal to be flagged as holding sealed values');
    await waitFor(() => a.active().name === 'staging', 10_000, 'the elevation to end');
    await waitFor(() => a.testing.sealedGiven().length === 0, 5000, 'the values to be taken from new terminals');
    terminal.dispose();
  });

  test('with sealedSecrets.closeTerminals set, the end of an elevation closes the terminals that received the values', async () => {
    const a = await api();
    const settings = vscode.workspace.getConfiguration('bulkhead');
    await settings.update('sealedSecrets.closeTerminals', true, vscode.ConfigurationTarget.Global);
    try {
      a.testing.useScriptedPrompter('no', true);
      a.testing.setElevationMs(4000);
      assert.equal(await vscode.commands.executeCommand('bulkhead.elevate', 'production'), true);
      await waitFor(() => a.testing.sealedGiven().length === 4, 5000, 'the sealed values to be given during the elevation');
      const terminal = vscode.window.createTerminal({ name: 'sealed-closed', shellPath: '/bin/bash' });
      await waitFor(() => a.testing.terminalsHoldingSealed().includes('sealed-closed'), 5000, 'the terminal to be counted as holding sealed values');
      await waitFor(() => a.active().name === 'staging', 10_000, 'the elevation to end');
      await waitFor(() => !vscode.window.terminals.includes(terminal), 5000, 'the terminal that received sealed values to be closed');
    } finally {
      await settings.update('sealedSecrets.closeTerminals', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  test('Unseal restores the file byte for byte, and a second unseal is refused without touching it', async () => {
    assert.equal(await vscode.commands.executeCommand('bulkhead.unsealSecrets', file()), true);
    assert.ok(fs.readFileSync(file()).equals(original), 'the unsealed file differs from the original');
    assert.equal(await vscode.commands.executeCommand('bulkhead.unsealSecrets', file()), false);
    assert.ok(fs.readFileSync(file()).equals(original));
  });

  test('sealing a file no environment owns is refused and leaves it unchanged', async () => {
    const other = path.join(vscode.workspace.workspaceFolders![0].uri.fsPath, 'notes.env.txt');
    fs.writeFileSync(other, 'A=1\n');
    assert.equal(await vscode.commands.executeCommand('bulkhead.sealSecrets', other), undefined);
    assert.equal(fs.readFileSync(other, 'utf8'), 'A=1\n');
    fs.rmSync(other);
  });
});

// The host runner loads the workbench a second time with BULKHEAD_TEST_PHASE=reload and only this
// suite: a new extension host, reading the keychain and workspace state the first one left.
suite('sealed secrets after a reload', () => {
  const file = () => path.join(vscode.workspace.workspaceFolders![0].uri.fsPath, '.env.prod');
  const original = Buffer.from('# sealed before the reload\nPROD_API_TOKEN=before-reload-4821\nPROD_REGION=eu-west-1\n');

  if (process.env.BULKHEAD_TEST_PHASE !== 'reload') {
    test('a file sealed now stays sealed when the window closes', async () => {
      fs.writeFileSync(file(), original);
      const sealed = await vscode.commands.executeCommand<{ keys: string[] }>('bulkhead.sealSecrets', file());
      assert.deepEqual(sealed?.keys, ['PROD_API_TOKEN', 'PROD_REGION']);
      assert.ok(!fs.readFileSync(file(), 'utf8').includes('before-reload-4821'));
    });
  } else {
    test('the values sealed before the reload reach terminals during an elevation, and unseal restores the file byte for byte', async () => {
      const a = await api();
      assert.ok(fs.readFileSync(file(), 'utf8').startsWith('# bulkhead:sealed production'), 'the stub is gone after the reload');
      a.testing.useScriptedPrompter('no', true);
      a.testing.setElevationMs(4000);
      assert.equal(await vscode.commands.executeCommand('bulkhead.elevate', 'production'), true);
      await waitFor(() => a.testing.sealedGiven().length === 2, 5000, 'the values sealed before the reload to be given');
      assert.deepEqual(a.testing.sealedGiven().sort(), ['PROD_API_TOKEN', 'PROD_REGION']);
      await waitFor(() => a.active().name === 'staging', 10_000, 'the elevation to end');
      assert.equal(await vscode.commands.executeCommand('bulkhead.unsealSecrets', file()), true);
      assert.ok(fs.readFileSync(file()).equals(original), 'the file unsealed after the reload differs from the original');
      fs.rmSync(file(), { force: true });
      a.testing.setElevationMs(undefined);
    });
  }
});
