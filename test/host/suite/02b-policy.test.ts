import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { api, waitFor } from './helpers';

suite('policy file', () => {
  const file = () => path.join(vscode.workspace.workspaceFolders![0].uri.fsPath, '.bulkhead.yaml');
  let original = '';
  suiteSetup(() => { original = fs.readFileSync(file(), 'utf8'); });
  suiteTeardown(async () => {
    fs.writeFileSync(file(), original);
    const a = await api();
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
