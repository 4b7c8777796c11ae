import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { BulkheadApi, BulkheadTesting } from '../../../src/vscode/bulkhead';

export const extensionId = 'bulkhead.bulkhead';

export async function api(): Promise<BulkheadApi & { testing: BulkheadTesting }> {
  const ext = vscode.extensions.getExtension<BulkheadApi>(extensionId);
  if (!ext) throw new Error(`extension ${extensionId} not found`);
  const a = await ext.activate();
  if (!a.testing) throw new Error('the extension did not expose its testing API (not in test mode?)');
  return a as BulkheadApi & { testing: BulkheadTesting };
}

export async function waitFor<T>(fn: () => T | undefined | false | Promise<T | undefined | false>, ms = 20_000, label = 'condition'): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${label}`);
    await sleep(100);
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function tempDir(name: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `bulkhead-${name}-`));
}

/** A fake `kubectl` that records each run in `<dir>/runs.log` (one line per run, its arguments). */
export function fakeKubectl(): { bin: string; runs: string } {
  const dir = tempDir('fake');
  const bin = path.join(dir, 'bin');
  fs.mkdirSync(bin);
  const runs = path.join(dir, 'runs.log');
  fs.writeFileSync(path.join(bin, 'kubectl'), `#!/bin/sh\necho "kubectl $*" >> '${runs}'\necho "fake kubectl ran: $*"\n`, { mode: 0o755 });
  return { bin, runs };
}

export function readIf(file: string): string | undefined {
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined;
}

/** A terminal running bash with `env` added, after shell integration is ready (or 15 s). */
export async function bashTerminal(name: string, env: Record<string, string>): Promise<vscode.Terminal> {
  const term = vscode.window.createTerminal({ name, shellPath: '/bin/bash', env });
  await new Promise<void>((resolve) => {
    if (term.shellIntegration) return resolve();
    const d = vscode.window.onDidChangeTerminalShellIntegration((e) => {
      if (e.terminal === term) { d.dispose(); resolve(); }
    });
    setTimeout(() => { d.dispose(); resolve(); }, 15_000);
  });
  return term;
}

/** Runs `line` in the terminal and waits for `echo $?` to land in a file; returns the exit status. */
export async function runInTerminal(term: vscode.Terminal, line: string, ms = 30_000): Promise<number> {
  const rc = path.join(tempDir('rc'), 'rc');
  term.sendText(`${line}; echo $? > '${rc}'`);
  const text = await waitFor(() => { const t = readIf(rc); return t && t.endsWith('\n') ? t : undefined; }, ms, `"${line}" to finish`);
  return Number(text.trim());
}
