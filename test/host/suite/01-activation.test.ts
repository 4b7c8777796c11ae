import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { api, extensionId } from './helpers';

suite('activation', () => {
  test('host facts', () => {
    console.log(`[host] vscode ${vscode.version}, ${vscode.env.appName}, remote ${vscode.env.remoteName}, uiKind ${vscode.env.uiKind}, node ${process.version}`);
  });

  test('activates on the demo workspace and shows the default environment', async () => {
    const started = Date.now();
    const a = await api();
    console.log(`[host] activate() resolved ${Date.now() - started} ms after the call`);
    assert.ok(vscode.extensions.getExtension(extensionId)?.isActive);
    await vscode.commands.executeCommand('bulkhead.returnToDefault');
    assert.equal(a.active().name, 'staging');
    assert.equal(a.status()?.text, '$(shield) staging');
    assert.equal(a.status()?.background, 'warning');
  });

  test('runs from the installed package: production bundles and the CLI of the same version', () => {
    const extension = vscode.extensions.getExtension(extensionId);
    assert.ok(extension);
    const { extensionPath, packageJSON } = extension;
    assert.ok(!existsSync(join(extensionPath, 'src')), `${extensionPath} is a source tree, not the installed package`);
    assert.ok(!existsSync(join(extensionPath, 'dist', 'extension.js.map')));
    const r = spawnSync(process.execPath, [join(extensionPath, 'dist', 'cli.js'), '--version'], { encoding: 'utf8', env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' } });
    assert.equal(r.stdout, `${packageJSON.version}\n`);
  });

  test('registers every command package.json contributes', async () => {
    const all = await vscode.commands.getCommands(true);
    const contributed: { command: string }[] = vscode.extensions.getExtension(extensionId)?.packageJSON.contributes.commands ?? [];
    assert.ok(contributed.length >= 10);
    for (const { command } of contributed) assert.ok(all.includes(command), `${command} is contributed but not registered`);
  });

  test('Evaluate Command… with an argument returns the decision and why', async () => {
    const evaluation = await vscode.commands.executeCommand<{ decision: string; targets: string[]; reason: string }>(
      'bulkhead.evaluateCommand', 'kubectl --context prod-eu-1 delete namespace shop');
    assert.equal(evaluation.decision, 'block');
    assert.deepEqual(evaluation.targets, ['production']);
    assert.match(evaluation.reason, /production/);
  });

  test('Show Activity and Show Logs open their views', async () => {
    await vscode.commands.executeCommand('bulkhead.showActivity');
    await vscode.commands.executeCommand('bulkhead.showLogs');
  });
});
