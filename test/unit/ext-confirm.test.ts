import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadPolicy } from '../../src/core/policy/load';
import { Evaluator } from '../../src/node/evaluator';
import type { AuditEntry } from '../../src/node/audit';
import type { CheckRequest } from '../../src/node/ipc';
import { ActiveEnvironment } from '../../src/node/activeEnvironment';
import { type CommandAnswer, type CommandPrompt, ConfirmationQueue, type Prompter } from '../../src/node/confirmations';
import { buildPrompt, describeSource, Gate } from '../../src/node/gate';
import { redact, redactForDisplay } from '../../src/core/redact';

const policyFile = join(__dirname, '..', 'fixtures', 'policy.yaml');
const policy = loadPolicy(readFileSync(policyFile, 'utf8'), policyFile, '/home/dev/acme').policy!;

function prompter(answer: CommandAnswer | 'hang', delay = 0): Prompter & { asked: CommandPrompt[] } {
  const asked: CommandPrompt[] = [];
  return {
    asked,
    async confirmCommand(prompt, signal) {
      asked.push(prompt);
      if (answer === 'hang') return new Promise((r) => signal.addEventListener('abort', () => r('timeout')));
      await new Promise((r) => setTimeout(r, delay));
      return answer;
    },
    confirmElevation: async () => true,
    pickEnvironment: async () => undefined,
    inputCommandLine: async () => undefined,
  };
}

test('queue: one prompt at a time, identical keys share one answer, a time limit means timeout', async () => {
  const p = prompter('run', 30);
  const q = new ConfirmationQueue(() => p, () => 1000);
  const prompt: CommandPrompt = { message: 'm', detail: 'd', decision: 'confirm', offerRemember: true };
  const answers = await Promise.all([q.ask('a', prompt), q.ask('a', prompt), q.ask('b', prompt)]);
  assert.deepEqual(answers, ['run', 'run', 'run']);
  assert.equal(p.asked.length, 2);
  const slow = new ConfirmationQueue(() => prompter('hang'), () => 50);
  assert.equal(await slow.ask('x', prompt), 'timeout');
  slow.dispose();
  assert.equal(await slow.ask('y', prompt), 'no');
});

test('elevation: confirmed, timed, reverts to the default, never stored', async () => {
  const stored: (string | undefined)[] = [];
  const expired: string[] = [];
  const active = new ActiveEnvironment({ get: () => 'production', set: (v) => { stored.push(v); } }, (env, back) => expired.push(`${env}->${back}`));
  active.setPolicy(policy);
  assert.equal(active.active, 'staging', 'a stored critical choice must not come back');
  assert.equal(await active.select('production', async () => false), false);
  active.elevationMsOverride = 40;
  assert.equal(await active.select('production', async (_env, minutes) => minutes === 15), true);
  assert.equal(active.snapshot.protection, 'critical');
  assert.ok(active.snapshot.elevatedUntil);
  await new Promise((r) => setTimeout(r, 80));
  assert.equal(active.active, 'staging');
  assert.deepEqual(expired, ['production->staging']);
  assert.ok(!stored.includes('production'));
  await active.select('local', async () => true);
  assert.equal(stored.at(-1), 'local');
  assert.equal(await active.select('nope', async () => true), false);
  active.dispose();
});

test('gate: allow runs without asking; block asks with the typed name; no → message for the agent; audit has it all', async () => {
  const evaluator = await Evaluator.create();
  const p = prompter('no');
  const audits: AuditEntry[] = [];
  const gate = new Gate({
    evaluate: (line, cwd, env) => evaluator.evaluate(line, { policy, active: 'staging', cwd, env }),
    queue: new ConfirmationQueue(() => p, () => 1000),
    audit: (e) => audits.push(e), log: () => {}, onStopped: () => {},
  });
  const req = (line: string): CheckRequest => ({ v: 1, token: 't', type: 'check', line, cwd: '/home/dev/acme', env: { HOME: '/home/dev' }, source: { kind: 'shim', program: 'kubectl', ppid: 42 } });
  assert.deepEqual(await gate.check(req('kubectl --context staging get pods')), { run: true, decision: 'allow', message: '' });
  assert.equal(p.asked.length, 0);
  const r = await gate.check(req('kubectl --context prod-eu-1 delete namespace shop --token=abcdef123456'));
  assert.equal(r.run, false);
  assert.equal(r.decision, 'block');
  assert.match(r.message, /The user declined it\. Bulkhead blocked this command/);
  assert.equal(p.asked[0].typedName, 'production');
  assert.match(p.asked[0].detail, /Source: terminal process 42, via the kubectl shim/);
  assert.ok(!p.asked[0].detail.includes('abcdef123456'), 'a secret reached the modal');
  const last = audits.at(-1)!;
  assert.deepEqual([last.decision, last.answer, last.source, last.targets], ['block', 'denied', 'shim:kubectl', ['production']]);
  assert.ok(!last.command.includes('abcdef123456'));
});

test('prompts: confirm offers "10 minutes" except for destroy; block never does', async () => {
  const evaluator = await Evaluator.create();
  const ev = (line: string, active: string) => evaluator.evaluate(line, { policy, active, cwd: '/home/dev/acme', env: {} });
  const write = buildPrompt(ev('kubectl --context prod-eu-1 scale deploy web --replicas=2', 'production'), 's', '/');
  assert.deepEqual([write.decision, write.offerRemember], ['confirm', true]);
  const destroy = buildPrompt(ev('kubectl --context staging delete pod x', 'staging'), 's', '/');
  assert.deepEqual([destroy.decision, destroy.offerRemember], ['confirm', false]);
  const block = buildPrompt(ev('kubectl --context prod-eu-1 delete ns x', 'staging'), 's', '/');
  assert.deepEqual([block.decision, block.offerRemember, block.typedName], ['block', false, 'production']);
});

test('redaction', () => {
  assert.equal(redact('RAILWAY_TOKEN=abc123 railway up'), 'RAILWAY_TOKEN=*** railway up');
  assert.equal(redact('psql postgres://app:hunter2@db.acme.com/app'), 'psql postgres://app:***@db.acme.com/app');
  assert.equal(redact('curl -H "Authorization: Bearer eyJabc.def"'), 'curl -H "Authorization: Bearer ***"');
  assert.equal(redact('gh auth login --with-token ghp_aaaaaaaaaaaaaaaaaaaaaaaa'), 'gh auth login --with-token ***');
  assert.equal(redact('mysql --password=s3cret -h db'), 'mysql --password=*** -h db');
  assert.equal(redactForDisplay('a\nb', 10), 'a ⏎ b');
  assert.equal(redactForDisplay('x'.repeat(20), 10), `${'x'.repeat(9)}…`);
});

test('a confirmation names the agent for a hook request and the terminal process for a shim', () => {
  assert.equal(describeSource({ kind: 'hook', label: 'Cursor shell' }), 'an agent (Cursor shell), via its hook');
  assert.equal(describeSource({ kind: 'shim', program: 'kubectl', ppid: 42 }), 'terminal process 42, via the kubectl shim');
});

test('queue: a request that waited behind another for its whole time limit is answered timeout, never shown late', async () => {
  const p = prompter('hang');
  const q = new ConfirmationQueue(() => p, () => 80);
  const prompt: CommandPrompt = { message: 'm', detail: 'd', decision: 'confirm', offerRemember: false };
  const answers = await Promise.all([q.ask('first', prompt), q.ask('second', prompt)]);
  assert.deepEqual(answers, ['timeout', 'timeout']);
  // Timed from its modal, the second request would have been shown once the first gave up.
  assert.equal(p.asked.length, 1, 'the second modal would have come after its asker gave up');
  q.dispose();
});
