import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';

// Runs the bundled CLI as users do: `npm run build` must have produced dist/cli.js and dist/scanWorker.js.
const cli = join(__dirname, '..', '..', 'dist', 'cli.js');
const railway = '8f2b6c1e-4d0a-4c4e-9a57-2b1d9e0c7f31';
const github = ['ghp_', 'R7uT2kQ9wXa4LmZ8cV1bN6yH3sD5fG0jK2pE'].join('');

function workspace(): { root: string; home: string } {
  const root = mkdtempSync(join(tmpdir(), 'bulkhead-scan-'));
  const home = mkdtempSync(join(tmpdir(), 'bulkhead-home-'));
  copyFileSync(join(__dirname, '..', 'fixtures', 'policy.yaml'), join(root, '.bulkhead.yaml'));
  writeFileSync(join(root, '.env.production'), `RAILWAY_TOKEN=${railway}\n`);
  mkdirSync(join(root, 'scripts'));
  writeFileSync(join(root, 'scripts', 'old-deploy.sh'), `#!/bin/sh\ncurl -H "Authorization: Bearer ${railway}" https://backboard.railway.app/graphql/v2 -d @q.json\n`);
  mkdirSync(join(root, 'node_modules', 'pkg'), { recursive: true });
  writeFileSync(join(root, 'node_modules', 'pkg', 'index.js'), `const t = "${github}";\n`);
  return { root, home };
}

function run(args: string[], cwd: string, home: string) {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', HOME: home }, timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('bulkhead scan', () => {
  it('lists each finding with its environment and a redacted preview, and exits 2 for a production credential', () => {
    assert.ok(existsSync(cli), 'dist/cli.js is missing: run `npm run build` first');
    const { root, home } = workspace();
    const r = run(['scan'], root, home);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stdout, /^scripts\/old-deploy\.sh:2:\d+: error: production Railway token in scripts\/old-deploy\.sh: an agent can find and use it \(as in \.env\.production\) \[8f2b…31\]$/m);
    assert.ok(!r.stdout.includes(railway) && !r.stdout.includes(github));
    assert.match(r.stdout, /1 credential found/);
  });

  it('--json: one object per finding with file, line, kind, environment and preview; never the secret', () => {
    const { root, home } = workspace();
    const r = run(['scan', '--json', root], tmpdir(), home);
    const data = JSON.parse(r.stdout);
    assert.deepEqual(data.findings.map((f: Record<string, unknown>) => [f.file, f.line, f.kind, f.environment, f.preview]),
      [['scripts/old-deploy.sh', 2, 'railway-token', 'production', '8f2b…31']]);
    assert.ok(!r.stdout.includes(railway));
    assert.equal(data.incomplete, undefined);
  });

  it('a folder with nothing in it exits 0; a missing one is a usage error', () => {
    const { home } = workspace();
    const empty = mkdtempSync(join(tmpdir(), 'bulkhead-empty-'));
    assert.equal(run(['scan', empty], empty, home).code, 0);
    const missing = run(['scan', join(empty, 'nope')], empty, home);
    assert.equal(missing.code, 3);
    assert.match(missing.stderr, /is not a folder/);
  });

  it('after a scan, the check knows the token on sight', () => {
    const { root, home } = workspace();
    run(['scan'], root, home);
    const r = run(['check', '--env', 'staging', '--json', '--', `curl -X POST https://api.example.com/v1/volumes/1 -X DELETE -H "Authorization: Bearer ${railway}"`], root, home);
    assert.equal(r.code, 2, r.stdout);
    assert.match(JSON.parse(r.stdout).reason, /the token on this line is production's \(as in \.env\.production\)/);
  });
});
