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

const owners = new Map(policy.environments.flatMap((e) => e.credentials.map((c) => [c.name, e.name] as const)));

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
    confirmPolicyChange: async () => false,
  };
}

test('queue: one prompt at a time, identical keys share one answer, a time limit means timeout', async () => {
  const p = prompter('run', 30);
  const q = new ConfirmationQueue(() => p, () => 1000);
  const prompt: CommandPrompt = { message: 'm', detail: 'd', decision: 'confirm', offerRemember: true, cancelIsDefault: false };
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

/** A gate over the fixture policy with staging active, answering through `p`. */
function stagingGate(evaluator: Evaluator, p: Prompter, audit: (entry: AuditEntry) => void = () => {}): Gate {
  return new Gate({
    evaluate: (line, cwd, env) => evaluator.evaluate(line, { policy, active: 'staging', cwd, env }),
    evaluateAs: (active, line, cwd, env) => evaluator.evaluate(line, { policy, active, cwd, env }),
    protection: (name) => policy.byName.get(name)?.protection,
    credentialOwners: () => owners,
    queue: new ConfirmationQueue(() => p, () => 1000),
    audit, log: () => {}, onStopped: () => {},
  });
}

test('gate: allow runs without asking; block asks with the typed name; no → message for the agent; audit has it all', async () => {
  const evaluator = await Evaluator.create();
  const p = prompter('no');
  const audits: AuditEntry[] = [];
  const gate = stagingGate(evaluator, p, (e) => audits.push(e));
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

async function prompts() {
  const evaluator = await Evaluator.create();
  return (line: string, active: string) => {
    const evaluate = (as: string) => evaluator.evaluate(line, { policy, active: as, cwd: '/home/dev/acme', env: {} });
    return buildPrompt(evaluate(active), 's', '/', { protection: (name) => policy.byName.get(name)?.protection, decisionWith: (as) => evaluate(as).decision });
  };
}

test('prompts: confirm offers "10 minutes" except for destroy; block never does', async () => {
  const prompt = await prompts();
  const write = prompt('kubectl --context prod-eu-1 scale deploy web --replicas=2', 'production');
  assert.deepEqual([write.decision, write.offerRemember], ['confirm', true]);
  const destroy = prompt('kubectl --context staging delete pod x', 'staging');
  assert.deepEqual([destroy.decision, destroy.offerRemember], ['confirm', false]);
  const block = prompt('kubectl --context prod-eu-1 delete ns x', 'staging');
  assert.deepEqual([block.decision, block.offerRemember, block.typedName], ['block', false, 'production']);
});

test('prompts: Enter never runs a destroy or a block; a destroy of a protected environment asks for its name whatever is active', async () => {
  const prompt = await prompts();
  const cases: [string, string, 'confirm' | 'block', string | undefined][] = [
    ['kubectl --context staging delete pod x', 'staging', 'confirm', 'staging'],
    ['kubectl --context staging delete namespace shop', 'staging', 'confirm', 'staging'],
    ['terraform -chdir=infra/envs/staging destroy', 'staging', 'confirm', 'staging'],
    ['kubectl --context prod-eu-1 delete namespace shop', 'production', 'block', 'production'],
    ['kubectl --context prod-eu-1 delete namespace shop', 'staging', 'block', 'production'],
    ['rm -rf src', 'staging', 'confirm', undefined],
  ];
  for (const [line, active, decision, typedName] of cases) {
    const p = prompt(line, active);
    assert.deepEqual([p.decision, p.typedName, p.cancelIsDefault], [decision, typedName, true], `${line} (${active} active)`);
  }
  // Over-asking is a failure too: a write that asks keeps Run as the answer Enter gives.
  const write = prompt('kubectl --context prod-eu-1 scale deploy web --replicas=2', 'production');
  assert.deepEqual([write.typedName, write.cancelIsDefault], [undefined, false]);
});

test('prompts: "switch first" is offered only where switching would lift the block', async () => {
  const prompt = await prompts();
  const advice = (line: string, active: string) => {
    const p = prompt(line, active);
    assert.equal(p.decision, 'block', `${line} (${active} active)`);
    return /\bOr (select|elevate)[^\n]*/.exec(p.detail)?.[0];
  };
  // Production active, production destroyed: a block in every state, so no advice to switch.
  assert.equal(advice('kubectl --context prod-eu-1 delete namespace shop', 'production'), undefined);
  assert.equal(advice('terraform -chdir=infra/envs/production destroy', 'production'), undefined);
  // From staging, a production destroy stays blocked after an elevation too.
  assert.equal(advice('kubectl --context prod-eu-1 delete namespace shop', 'staging'), undefined);
  // A production write from staging asks (not blocks) once production is elevated to.
  assert.equal(advice('kubectl --context prod-eu-1 scale deploy web --replicas=2', 'staging'), 'Or elevate to production (Bulkhead: Elevate…) and run it again.');
  // Read-only blocks a staging write that staging itself allows.
  assert.equal(advice('kubectl --context staging scale deploy web --replicas=2', 'read-only'), 'Or select staging as the active environment (Bulkhead: Select Environment) and run it again.');
  for (const active of ['production', 'staging']) assert.doesNotMatch(prompt('kubectl --context prod-eu-1 delete namespace shop', active).detail, /switch/);
});

test('gate: a credential the terminal guard emptied is named with its environment, not shown as an unknown target', async () => {
  const evaluator = await Evaluator.create();
  const p = prompter('no');
  const gate = stagingGate(evaluator, p);
  const blanked = { RAILWAY_TOKEN: '', PROD_DATABASE_URL: '', RAILWAY_STAGING_TOKEN: 'st-token' };
  const req = (line: string, env: Record<string, string>): CheckRequest => ({ v: 1, token: 't', type: 'check', line, cwd: '/home/dev/acme', env, source: { kind: 'shim', program: 'curl', ppid: 42 } });
  // As the curl shim receives the incident's command once bash expanded the emptied $RAILWAY_TOKEN.
  const lines = [
    `curl -X POST https://backboard.railway.app/graphql/v2 -H 'Authorization: Bearer ' -d '{"query":"mutation { volumeDelete(volumeId: \\"v1\\") }"}'`,
    `curl -H 'Authorization: Bearer' https://backboard.railway.app/graphql/v2 -d '{"query":"mutation { volumeDelete(volumeId: \\"v1\\") }"}'`,
  ];
  for (const line of lines) {
    p.asked.length = 0;
    const r = await gate.check(req(line, blanked));
    assert.equal(r.run, false);
    const prompt = p.asked[0];
    assert.match(prompt.message, /not available in this terminal/, line);
    assert.doesNotMatch(prompt.message, /unknown environment/);
    assert.match(prompt.message, /RAILWAY_TOKEN \(production\)/);
    assert.ok(!prompt.message.includes('RAILWAY_STAGING_TOKEN'), 'the active environment\'s own credential is not withheld');
    assert.match(r.message, /not available in this terminal.*production/);
  }
  // Traps: the same command where nothing was emptied, and a command with no empty credential.
  p.asked.length = 0;
  await gate.check(req(lines[0], { RAILWAY_STAGING_TOKEN: 'st-token' }));
  assert.match(p.asked[0].message, /in an unknown environment/);
  p.asked.length = 0;
  await gate.check(req(`curl -X POST https://backboard.railway.app/graphql/v2 -H 'Authorization: Bearer abc' -d '{"query":"mutation { volumeDelete(volumeId: \\"v1\\") }"}'`, blanked));
  assert.doesNotMatch(p.asked[0].message, /not available in this terminal/);
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
  const prompt: CommandPrompt = { message: 'm', detail: 'd', decision: 'confirm', offerRemember: false, cancelIsDefault: false };
  const answers = await Promise.all([q.ask('first', prompt), q.ask('second', prompt)]);
  assert.deepEqual(answers, ['timeout', 'timeout']);
  // Timed from its modal, the second request would have been shown once the first gave up.
  assert.equal(p.asked.length, 1, 'the second modal would have come after its asker gave up');
  q.dispose();
});

test('gate: a hook request is audited under the agent and tool that sent it, as the hook names its own decisions', async () => {
  const evaluator = await Evaluator.create();
  const p = prompter('no');
  const sources: string[] = [];
  const gate = stagingGate(evaluator, p, (entry) => { sources.push(entry.source); });
  const req = (label?: string): CheckRequest => ({ v: 1, token: 't', type: 'check', line: 'kubectl --context prod-eu-1 delete ns api', cwd: '/home/dev/acme', source: { kind: 'hook', label } });
  await gate.check(req('Claude Code Bash'));
  await gate.check(req());
  assert.deepEqual(sources, ['hook:Claude Code Bash', 'hook']);
});
