import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';

// Runs the bundled CLI as users and hooks do: `npm run build` must have produced dist/cli.js.
const cli = join(__dirname, '..', '..', 'dist', 'cli.js');
let workspace = '';

function run(args: string[], input?: string, cwd = workspace) {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd, input, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', HOME: cwd } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Like run, but a hang fails after `limitMs` (spawnSync kills the child) instead of stalling the suite. */
function runBounded(args: string[], cwd: string, limitMs = 20_000) {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', HOME: cwd }, timeout: limitMs, killSignal: 'SIGKILL' });
  return { code: r.status, stderr: r.stderr, hung: r.signal === 'SIGKILL' };
}

describe('bulkhead check: the policy is read only as a regular file of bounded size', () => {
  const cases: [string, (file: string) => void, RegExp][] = [
    ['a symlink to /dev/zero', (f) => symlinkSync('/dev/zero', f), /it is a device, not a regular file/],
    ['a symlink to /dev/urandom', (f) => symlinkSync('/dev/urandom', f), /it is a device, not a regular file/],
    ['a FIFO', (f) => assert.equal(spawnSync('mkfifo', [f]).status, 0), /it is a FIFO \(named pipe\), not a regular file/],
    ['a folder', (f) => mkdirSync(f), /it is a folder, not a regular file/],
    ['over 1 MiB', (f) => writeFileSync(f, `version: 1\n${'# padding\n'.repeat(120_000)}`), /larger than the 1048576 bytes Bulkhead reads/],
    ['a dangling symlink', (f) => symlinkSync(join(f, '..', 'gone.yaml'), f), /does not exist/],
  ];
  for (const [label, make, reason] of cases) {
    it(`${label}: exit 3 with a diagnostic, found by discovery and given with --policy`, () => {
      const dir = mkdtempSync(join(tmpdir(), 'bulkhead-cli-policy-'));
      make(join(dir, '.bulkhead.yaml'));
      for (const args of [['check', '--', 'kubectl delete ns api'], ['check', '--policy', join(dir, '.bulkhead.yaml'), '--', 'kubectl delete ns api']]) {
        const r = runBounded(args, dir);
        assert.equal(r.hung, false, `${args.join(' ')} did not answer`);
        assert.equal(r.code, 3, r.stderr);
        assert.match(r.stderr, /cannot read the policy/);
        assert.match(r.stderr, reason);
        assert.doesNotMatch(r.stderr, /\n\s+at /);
      }
    });
  }

  it('a symlink to a regular policy file is still a policy', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bulkhead-cli-policy-'));
    copyFileSync(join(__dirname, '..', 'fixtures', 'policy.yaml'), join(dir, 'shared.yaml'));
    symlinkSync(join(dir, 'shared.yaml'), join(dir, '.bulkhead.yaml'));
    assert.equal(runBounded(['check', '--', 'kubectl --context prod-eu-1 delete ns api'], dir).code, 2);
  });
});

describe('bulkhead CLI contract', () => {
  before(() => {
    assert.ok(existsSync(cli), 'dist/cli.js is missing: run `npm run build` first');
    workspace = mkdtempSync(join(tmpdir(), 'bulkhead-cli-'));
    copyFileSync(join(__dirname, '..', 'fixtures', 'policy.yaml'), join(workspace, '.bulkhead.yaml'));
    mkdirSync(join(workspace, 'sub', 'dir'), { recursive: true });
  });

  it('exit 0 for allow, 1 for confirm, 2 for block', () => {
    assert.equal(run(['check', '--', 'kubectl get pods']).code, 0);
    assert.equal(run(['check', '--', 'kubectl delete ns api']).code, 1);
    assert.equal(run(['check', '--', 'kubectl --context prod-eu-1 delete ns api']).code, 2);
  });

  it('--json prints one object with the contract fields', () => {
    const r = run(['check', '--json', '--', 'kubectl --context prod-eu-1 delete ns api']);
    const out = JSON.parse(r.stdout);
    assert.equal(out.decision, 'block');
    assert.equal(out.effect, 'destroy');
    assert.equal(out.scope, 'infra');
    assert.deepEqual(out.targets, ['production']);
    assert.deepEqual(out.rules, ['kubectl.delete-namespace']);
    assert.equal(typeof out.reason, 'string');
    assert.match(out.agentMessage, /Do not retry/);
    assert.equal(r.stdout.trim().split('\n').length, 1);
  });

  it('finds the policy by walking up from --cwd', () => {
    const out = JSON.parse(run(['check', '--json', '--cwd', join(workspace, 'sub', 'dir'), '--', 'kubectl --context prod-eu-1 delete ns api'], undefined, tmpdir()).stdout);
    assert.equal(out.decision, 'block');
    assert.equal(out.policy, join(workspace, '.bulkhead.yaml'));
  });

  it('several words after -- are quoted back into the same argv', () => {
    const out = JSON.parse(run(['check', '--json', '--', 'bash', '-c', 'kubectl --context prod-eu-1 delete ns api']).stdout);
    assert.equal(out.decision, 'block');
    assert.deepEqual(out.commands[0].via, ['bash -c']);
  });

  it('--env selects the active environment, read-only included', () => {
    assert.equal(run(['check', '--env', 'production', '--', 'kubectl --context prod-eu-1 apply -f x.yaml']).code, 1);
    assert.equal(run(['check', '--env', 'read-only', '--', 'kubectl --context staging apply -f x.yaml']).code, 2);
  });

  it('exit 3 with a message for usage errors', () => {
    for (const args of [[], ['check'], ['frobnicate'], ['check', '--bogus', '--', 'ls'], ['check', '--env', 'nowhere', '--', 'ls'], ['check', '--policy']]) {
      const r = run(args);
      assert.equal(r.code, 3, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, /bulkhead: /);
    }
  });

  it('exit 3 and file:line:col for a broken policy, nothing evaluated', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bulkhead-broken-'));
    writeFileSync(join(dir, '.bulkhead.yaml'), 'version: 1\nenvironments:\n  prod:\n    protection: hihg\n');
    const r = run(['check', '--json', '--', 'ls'], undefined, dir);
    assert.equal(r.code, 3);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, new RegExp(`${dir.replace(/[/.]/g, '\\$&')}/\\.bulkhead\\.yaml:4:17: error: .*protection`));
  });

  it('exit 3 when --policy names a missing file', () => {
    const r = run(['check', '--policy', join(workspace, 'nope.yaml'), '--', 'ls']);
    assert.equal(r.code, 3);
    assert.match(r.stderr, /cannot read the policy: the file does not exist/);
  });

  it('with no policy anywhere, built-in rules still stop a destroy', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bulkhead-none-'));
    const r = run(['check', '--json', '--', 'kubectl delete ns api'], undefined, dir);
    assert.equal(r.code, 1);
    assert.equal(JSON.parse(r.stdout).policy, null);
    assert.equal(run(['check', '--', 'kubectl apply -f x.yaml'], undefined, dir).code, 0);
  });

  it('--jsonl answers every line in order, with an error object for bad lines, and exits 0', () => {
    const input = [
      JSON.stringify({ cmd: 'kubectl get pods' }),
      'not json',
      JSON.stringify({ cmd: 'kubectl delete ns api', env: { KUBECONTEXT: 'prod-eu-1' } }),
      JSON.stringify({ cmd: 42 }),
      JSON.stringify([1, 2]),
      JSON.stringify({ cmd: 'kubectl delete ns api', env: { A: 1 } }),
      JSON.stringify({ cmd: 'kubectl --context staging delete ns api', cwd: 'sub' }),
    ].join('\n');
    const r = run(['check', '--jsonl'], `${input}\n`);
    assert.equal(r.code, 0);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    assert.equal(lines.length, 7);
    assert.equal(lines[0].decision, 'allow');
    assert.match(lines[1].error, /not JSON/);
    assert.equal(lines[2].decision, 'block');
    assert.match(lines[3].error, /"cmd" must be a string/);
    assert.match(lines[4].error, /JSON object/);
    assert.match(lines[5].error, /"env" must be an object of string values/);
    assert.equal(lines[6].decision, 'confirm');
  });

  it('--jsonl keeps answering after a line nested past the bounds, and check prints no stack trace for it', () => {
    const deep = `echo ${'${a:-'.repeat(10_000)}x${'}'.repeat(10_000)}`;
    const input = [deep, `${'$('.repeat(3000)}ls${')'.repeat(3000)}`, `${'env '.repeat(1400)}rm -rf /`, 'kubectl get pods']
      .map((cmd) => JSON.stringify({ cmd })).join('\n');
    const r = run(['check', '--jsonl'], `${input}\n`);
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    assert.deepEqual(lines.map((l) => l.decision), ['confirm', 'confirm', 'confirm', 'allow']);
    const single = run(['check', '--', deep]);
    assert.equal(single.code, 1);
    assert.doesNotMatch(single.stdout + single.stderr, /RangeError|\n\s+at /);
  });

  it('explain shows the parse, the unwrapped commands and the rules', () => {
    const r = run(['explain', '--', `sudo bash -c 'kubectl --context prod-eu-1 delete ns api'`]);
    assert.equal(r.code, 2);
    assert.match(r.stdout, /^Parse:\n {2}\(program/);
    assert.match(r.stdout, /via {6}sudo → bash -c/);
    assert.match(r.stdout, /rule {5}kubectl\.delete-namespace/);
    assert.match(r.stdout, /--context flag prod-eu-1 → production/);
  });
});

describe('bulkhead --version', () => {
  it('prints the version of package.json that was built', () => {
    const { version } = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8'));
    for (const flag of ['--version', 'version']) {
      const r = spawnSync(process.execPath, [cli, flag], { encoding: 'utf8' });
      assert.equal(r.status, 0);
      assert.equal(r.stdout, `${version}\n`);
    }
  });
});
