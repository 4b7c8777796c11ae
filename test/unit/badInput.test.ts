import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createEngine } from '../../src/core/engine';
import { check, fixturePolicy } from '../helpers';

// A hang would show as the per-test timeout, not as a slow pass: these assert behaviour, not speed.
const hangGuard = { timeout: 60_000 };

describe('hostile and malformed command lines', () => {
  it('an empty or blank line is an allowed no-op', hangGuard, async () => {
    for (const line of ['', '   ', '\n\n', ';', '# only a comment']) {
      const r = await check(line);
      assert.equal(r.decision, 'allow', JSON.stringify(line));
    }
  });

  it('a 1 MB line is read (up to the limit) and a destructive command at its start is still found', hangGuard, async () => {
    const line = `kubectl --context prod-eu-1 delete ns api; echo ${'a'.repeat(1024 * 1024)}`;
    const r = await check(line);
    assert.equal(r.decision, 'block');
    assert.ok(r.warnings.some((w) => /only the first/.test(w)));
  });

  it('a 1 MB line of many commands hits the limits and is not allowed silently', hangGuard, async () => {
    const line = 'kubectl get pods; '.repeat(60_000);
    const r = await check(line);
    assert.notEqual(r.decision, 'allow');
    assert.ok(r.warnings.length > 0);
  });

  it('binary input does not crash, and NUL bytes are reported', hangGuard, async () => {
    const bytes = Array.from({ length: 4096 }, (_, i) => String.fromCharCode((i * 7919) % 256)).join('');
    const r = await check(bytes);
    assert.ok(['allow', 'confirm', 'block'].includes(r.decision));
    assert.ok(r.warnings.some((w) => /NUL/.test(w)));
  });

  describe('nesting past the depth bounds is confirmed with a reason that names the bound, never a stack overflow', () => {
    const payload = 'kubectl --context prod-eu-1 delete ns api';
    const deep: Record<string, string> = {
      '$( nested 660 deep': `echo ${'$('.repeat(660)}${payload}${')'.repeat(660)}`,
      '$( nested 3000 deep': `${'$('.repeat(3000)}${payload}${')'.repeat(3000)}`,
      '( ) nested 4560 deep': `${'( '.repeat(4560)}${payload}${' )'.repeat(4560)}`,
      '${…} nested 10000 deep': `echo ${'${a:-'.repeat(10_000)}x${'}'.repeat(10_000)}`,
      '1400 env prefixes': `${'env '.repeat(1400)}${payload}`,
      '1500 sudo prefixes': `${'sudo '.repeat(1500)}${payload}`,
      'sudo, env and nice alternating': `${'sudo env nice '.repeat(600)}${payload}`,
    };
    for (const [name, line] of Object.entries(deep)) {
      it(name, hangGuard, async () => {
        const r = await check(line);
        assert.equal(r.decision, 'confirm', r.reason);
        assert.ok(r.rules.includes('shell.too-deep'), r.rules.join(', '));
        assert.match(r.reason, /more than \d+ (levels deep|wrappers)/);
      });
    }

    it('nesting inside the bounds is still read to the bottom', hangGuard, async () => {
      for (const line of [
        `echo ${'$('.repeat(20)}${payload}${')'.repeat(20)}`,
        `${'( '.repeat(40)}${payload}${' )'.repeat(40)}`,
        `${'sudo env '.repeat(10)}${payload}`,
      ]) {
        const r = await check(line);
        assert.equal(r.decision, 'block', line.slice(0, 60));
      }
    });
  });

  it('a line whose reading fails is answered confirm with the failure as the reason, not thrown', () => {
    const failing = createEngine({ parse: () => { throw new RangeError('Maximum call stack size exceeded'); } });
    const r = failing.evaluate('kubectl "$(x)" delete ns api', { policy: fixturePolicy(), env: {}, cwd: '/home/dev/acme' });
    assert.equal(r.decision, 'confirm');
    assert.deepEqual(r.rules, ['shell.evaluation-failed']);
    assert.match(r.reason, /failed while reading the line \(Maximum call stack size exceeded\)/);
  });

  it('NUL bytes are dropped as bash drops them, not read as spaces', hangGuard, async () => {
    const r = await check('kube\0ctl --context prod-eu-1 delete ns api');
    assert.equal(r.decision, 'block');
    assert.ok(r.warnings.some((w) => /NUL bytes, which bash drops/.test(w)));
  });

  it('an unbalanced quote that hides a guarded tool is not allowed', hangGuard, async () => {
    const r = await check(`kubectl --context prod-eu-1 delete ns "api`);
    assert.notEqual(r.decision, 'allow');
  });

  it('an unbalanced quote in a harmless line is still allowed, with a warning', hangGuard, async () => {
    const r = await check(`echo "hello`);
    assert.equal(r.decision, 'allow');
    assert.ok(r.warnings.some((w) => /syntax/.test(w)));
  });

  it('deeply nested $(…) is bounded and the innermost destroy is still found or the line is stopped', hangGuard, async () => {
    let line = 'kubectl --context prod-eu-1 delete ns api';
    for (let i = 0; i < 200; i++) line = `echo $(${line})`;
    const r = await check(line);
    assert.notEqual(r.decision, 'allow');
  });

  it('bash -c nested beyond the depth limit is stopped, never allowed', hangGuard, async () => {
    let line = 'kubectl --context prod-eu-1 delete ns api';
    for (let i = 0; i < 12; i++) line = `bash -c ${JSON.stringify(line)}`;
    const r = await check(line);
    assert.notEqual(r.decision, 'allow');
    assert.ok(r.rules.includes('shell.too-deep'), r.rules.join());
  });

  it('a line cut at the length limit is never allowed, whatever its readable part says', hangGuard, async () => {
    let line = 'kubectl --context prod-eu-1 delete ns api';
    for (let i = 0; i < 20; i++) line = `bash -c ${JSON.stringify(line)}`;
    const r = await check(line);
    assert.notEqual(r.decision, 'allow');
    assert.ok(r.rules.includes('shell.too-long'), r.rules.join());
  });

  it('aliases that refer to each other do not loop, and a chain of aliases is followed', hangGuard, async () => {
    assert.equal((await check(`alias a='b'; alias b='a'; a`)).decision, 'allow');
    const r = await check(`alias k='kubectl --context prod-eu-1'; alias kk='k'; kk delete ns api`);
    assert.equal(r.decision, 'block');
  });

  it('a script that runs itself through npm does not loop', hangGuard, async () => {
    const r = await check('npm run a', { scripts: { a: 'npm run b', b: 'npm run a' } });
    assert.equal(r.decision, 'allow');
  });
});
