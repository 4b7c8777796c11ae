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
});
