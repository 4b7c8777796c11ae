import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { acceptedPolicyFile } from '../../../src/node/policyFile';
import { api, extensionId, waitFor } from './helpers';

suite('policy file', () => {
  const file = () => path.join(vscode.workspace.workspaceFolders![0].uri.fsPath, '.bulkhead.yaml');
  let original = '';
  suiteSetup(() => { original = fs.readFileSync(file(), 'utf8'); });
  suiteTeardown(async () => {
    fs.writeFileSync(file(), original);
    const a = await api();
    a.testing.setTrusted(undefined);
    a.testing.useRealPrompter();
    await waitFor(() => !/\$\(warning\)/.test(a.status()?.text ?? ''), 15_000, 'the policy to be good again');
  });

  test('a broken edit keeps the last good policy, says where it broke, and recovers when fixed', async () => {
    const a = await api();
    fs.writeFileSync(file(), original.replace('protection: critical', 'protection: [critical'));
    await waitFor(() => /\$\(warning\)/.test(a.status()?.text ?? ''), 15_000, 'the status bar to show the policy problem');
    assert.match(a.status()?.tooltip ?? '', /has errors \\\(line \d+/);
    const diagnostics = vscode.languages.getDiagnostics(vscode.Uri.file(file()));
    assert.ok(diagnostics.length > 0, 'no diagnostics on the policy file');
    assert.equal(a.evaluate('kubectl --context prod-eu-1 delete namespace shop').decision, 'block', 'the last good policy is not in force');
    fs.writeFileSync(file(), original);
    await waitFor(() => !/\$\(warning\)/.test(a.status()?.text ?? ''), 15_000, 'the problem to clear');
    assert.equal(vscode.languages.getDiagnostics(vscode.Uri.file(file())).length, 0);
  });

  const prodDelete = 'kubectl --context prod-eu-1 delete namespace shop';
  /** What the CLI (the shims' fallback when the editor cannot be reached) decides in the workspace. */
  const cliDecision = (line: string) => {
    const cli = path.join(vscode.extensions.getExtension(extensionId)!.extensionPath, 'dist', 'cli.js');
    const r = spawnSync(process.execPath, [cli, 'check', '--cwd', path.dirname(file()), '--', line], { env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' }, encoding: 'utf8' });
    return ['allow', 'confirm', 'block'][r.status ?? 3] ?? `exit ${r.status}: ${r.stderr}`;
  };

  test('a loosening change waits for a human in a modal; until accepted the previous policy stays in force in the extension and the CLI', async () => {
    const a = await api();
    const scripted = a.testing.useScriptedPrompter('no');
    scripted.policyAnswer = false;
    assert.ok(a.testing.policyInForce().includes('production:critical'));
    fs.writeFileSync(file(), original.replace('protection: critical', 'protection: open'));
    await waitFor(() => scripted.policyChanges.length > 0, 15_000, 'the policy change modal');
    const texts = scripted.policyChanges[0].map((c) => `${c.direction}: ${c.text}`);
    assert.ok(texts.includes('loosen: production: protection lowered from critical to open'), JSON.stringify(texts));
    await waitFor(() => /\$\(warning\)/.test(a.status()?.text ?? ''), 15_000, 'the status bar to show the pending change');
    assert.ok(a.testing.policyInForce().includes('production:critical'), 'the loosened policy applied without a human');
    assert.equal(a.evaluate(prodDelete).decision, 'block');
    assert.equal(cliDecision(prodDelete), 'block', 'the CLI applied the loosened policy');

    scripted.policyAnswer = true;
    fs.writeFileSync(file(), `${original.replace('protection: critical', 'protection: open')}\n# accepted\n`);
    await waitFor(() => a.testing.policyInForce().includes('production:open'), 15_000, 'the accepted change to apply');
    assert.equal(scripted.policyChanges.length, 2);
    assert.ok(JSON.parse(fs.readFileSync(acceptedPolicyFile(file()), 'utf8')).text.includes('# accepted'));
    assert.notEqual(cliDecision(prodDelete), 'block', 'the CLI still applies the old policy after the human accepted the new one');

    // Back to critical only tightens: it applies at once, without a modal.
    fs.writeFileSync(file(), original);
    await waitFor(() => a.testing.policyInForce().includes('production:critical'), 15_000, 'the tightening to apply');
    assert.equal(scripted.policyChanges.length, 2, 'a tightening change asked');
    assert.equal(a.evaluate(prodDelete).decision, 'block');
  });

  test('in an untrusted workspace the policy applies only when it tightens the built-in one, and nothing is recorded', async () => {
    const a = await api();
    const scripted = a.testing.useScriptedPrompter('no');
    const recorded = fs.readFileSync(acceptedPolicyFile(file()), 'utf8');
    a.testing.setTrusted(false);
    await waitFor(() => /not trusted/.test(a.status()?.tooltip ?? ''), 15_000, 'the status to say the workspace is not trusted');
    assert.deepEqual(a.testing.policyInForce(), [], 'a policy that loosens the built-in one applied in an untrusted workspace');
    const strict = 'version: 1\nenvironments:\n  production:\n    protection: critical\n    targets: { kube-context: [prod-eu-1] }\n';
    fs.writeFileSync(file(), strict);
    await waitFor(() => a.testing.policyInForce().includes('production:critical'), 15_000, 'a tightening policy to apply');
    assert.equal(a.evaluate(prodDelete).decision, 'block');
    assert.equal(scripted.policyChanges.length, 0, 'an untrusted workspace asked to accept a policy');
    assert.equal(fs.readFileSync(acceptedPolicyFile(file()), 'utf8'), recorded, 'an untrusted workspace recorded an accepted policy');
    fs.writeFileSync(file(), original);
    a.testing.setTrusted(undefined);
    await waitFor(() => a.testing.policyInForce().includes('staging:guarded'), 15_000, 'the trusted policy to come back');
  });

  test('completion and hover in .bulkhead.yaml come from the schema, with no YAML extension', async () => {
    assert.equal(vscode.extensions.getExtension('redhat.vscode-yaml'), undefined, 'the YAML extension is installed here');
    const uri = vscode.Uri.file(file());
    const doc = await vscode.workspace.openTextDocument(uri);
    const line = doc.getText().split('\n').findIndex((l) => /^\s+protection: guarded/.test(l));
    const column = doc.lineAt(line).text.indexOf('guarded');
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', uri, new vscode.Position(line, column));
    const labels = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    for (const level of ['open', 'guarded', 'critical']) assert.ok(labels.includes(level), `no ${level} in ${labels.slice(0, 20).join(' ')}`);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, new vscode.Position(line, column + 2));
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))).join('\n');
    assert.match(text, /guarded.*open · guarded · critical/);
  });

  test('Initialize Policy opens an existing policy and leaves it as it was', async () => {
    const before = fs.readFileSync(file(), 'utf8');
    const written = await vscode.commands.executeCommand<string>('bulkhead.initializePolicy');
    assert.equal(written, file());
    assert.equal(fs.readFileSync(file(), 'utf8'), before);
    assert.equal(vscode.window.activeTextEditor?.document.uri.fsPath, file());
  });
});
