// Mocha entry point loaded by the extension host through `extensionTestsPath` (code-server's
// payload URL parameter here; @vscode/test-electron's runTests on a desktop). A rejected promise
// makes the host exit with 1.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as mochaModule from 'mocha';

// mocha 12 exports { Mocha, default }; mocha <= 11 exports the class itself.
type MochaClass = typeof mochaModule.default;
const m = mochaModule as unknown as { Mocha?: MochaClass; default?: MochaClass };
const MochaCtor: MochaClass = m.Mocha ?? m.default ?? (mochaModule as unknown as MochaClass);

export function run(): Promise<void> {
  const resultFile = process.env.BULKHEAD_TEST_RESULT;
  const grep = process.env.BULKHEAD_TEST_GREP;
  const mocha = new MochaCtor({ ui: 'tdd', color: false, timeout: 60_000, reporter: 'spec', ...(grep ? { grep } : {}) });
  for (const f of fs.readdirSync(__dirname).sort()) {
    if (f.endsWith('.test.js')) mocha.addFile(path.join(__dirname, f));
  }
  return new Promise((resolve, reject) => {
    const results: { title: string; state: string; ms?: number; err?: string }[] = [];
    const runner = mocha.run((failures) => {
      if (resultFile) fs.writeFileSync(resultFile, JSON.stringify({ failures, results }, null, 2));
      if (failures > 0) reject(new Error(`${failures} tests failed.`));
      else resolve();
    });
    runner.on('pass', (t) => results.push({ title: t.fullTitle(), state: 'passed', ms: t.duration }));
    runner.on('fail', (t, err: unknown) => results.push({ title: t.fullTitle(), state: 'failed', err: String((err as Error)?.stack ?? err) }));
  });
}
