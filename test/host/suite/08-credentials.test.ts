import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { api, waitFor } from './helpers';

// A Railway token is a bare UUID; this one is production's because .env.production holds it.
const token = ['8f2b6c1e', '4d0a', '4c4e', '9a57', '2b1d9e0c7f31'].join('-');

suite('stray credentials', () => {
  const ws = () => vscode.workspace.workspaceFolders![0].uri.fsPath;
  const secretFile = () => path.join(ws(), '.env.production');
  const script = () => path.join(ws(), 'scripts', 'old-deploy.sh');
  const notes = () => path.join(ws(), 'scripts', 'notes.txt');
  const bulkhead = (uri: vscode.Uri) => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'Bulkhead');

  suiteSetup(async () => {
    await api();
    fs.mkdirSync(path.dirname(script()), { recursive: true });
    fs.writeFileSync(secretFile(), `RAILWAY_TOKEN=${token}\n`);
    fs.writeFileSync(script(), `#!/bin/sh\ncurl -X POST https://backboard.railway.app/graphql/v2 -H "Authorization: Bearer ${token}" -d @mutation.json\n`);
    fs.writeFileSync(notes(), `RAILWAY_API_TOKEN=${token}\n`);
  });
  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    for (const f of [secretFile(), script(), notes()]) fs.rmSync(f, { force: true });
    fs.rmSync(path.dirname(script()), { recursive: true, force: true });
    await vscode.commands.executeCommand('bulkhead.scanCredentials');
  });

  test('a production credential outside its secret files is an error in the Problems panel, without the secret', async () => {
    const result = await vscode.commands.executeCommand<{ findings: unknown[] } | string>('bulkhead.scanCredentials');
    assert.equal(typeof result, 'object', `the scan did not run: ${String(result)}`);
    const [problem] = await waitFor(() => bulkhead(vscode.Uri.file(script())).length > 0 && bulkhead(vscode.Uri.file(script())), 20_000, 'the finding');
    assert.equal(problem.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(problem.message, 'production Railway token in scripts/old-deploy.sh: an agent can find and use it (as in .env.production)');
    assert.equal(problem.code, 'railway-token');
    assert.equal(problem.range.start.line, 1);
    assert.ok(!problem.message.includes(token));
    assert.equal(bulkhead(vscode.Uri.file(secretFile())).length, 0, 'the secret file itself is where the token belongs');
  });

  test('quick fix: move it into .env.production; the saved file is scanned again and the problem goes', async () => {
    const uri = vscode.Uri.file(script());
    const doc = await vscode.workspace.openTextDocument(uri);
    const [problem] = bulkhead(uri);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, problem.range);
    const titles = actions.map((a) => a.title);
    assert.ok(titles.includes('Mark scripts/old-deploy.sh as a secret file of production'), titles.join(' | '));
    assert.ok(titles.includes('Ignore this credential finding'), titles.join(' | '));
    const move = actions.find((a) => a.title === 'Move the Railway token into .env.production');
    assert.ok(move?.edit, titles.join(' | '));
    assert.ok(await vscode.workspace.applyEdit(move.edit));
    assert.match(doc.getText(), /Authorization: Bearer \$\{PRODUCTION_RAILWAY_TOKEN\}"/);
    assert.ok(!doc.getText().includes(token));
    const secret = await vscode.workspace.openTextDocument(vscode.Uri.file(secretFile()));
    assert.equal(secret.getText(), `RAILWAY_TOKEN=${token}\nPRODUCTION_RAILWAY_TOKEN=${token}\n`);
    assert.ok(await vscode.workspace.saveAll(false));
    await waitFor(() => bulkhead(uri).length === 0, 20_000, 'the problem to go after the save');
  });

  test('quick fix: ignore this finding', async () => {
    const uri = vscode.Uri.file(notes());
    const [problem] = await waitFor(() => bulkhead(uri).length > 0 && bulkhead(uri), 20_000, 'the finding in notes.txt');
    assert.match(problem.message, /^production Railway token in scripts\/notes\.txt/);
    await vscode.workspace.openTextDocument(uri);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, problem.range);
    const ignore = actions.find((a) => a.title === 'Ignore this credential finding');
    assert.ok(ignore?.command);
    await vscode.commands.executeCommand(ignore.command.command, ...(ignore.command.arguments ?? []));
    await waitFor(() => bulkhead(uri).length === 0, 10_000, 'the ignored finding to go');
    await vscode.commands.executeCommand('bulkhead.scanCredentials');
    assert.equal(bulkhead(uri).length, 0, 'an ignored finding came back on the next scan');
  });
});
