import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Finding, Invocation } from '../../src/core/model';
import { platformPacks } from '../../src/core/packs/groups/platforms';
import { check } from '../helpers';

/** An invocation as the shell walk would hand it over, for calling packs directly. */
function invocation(line: string, extra: Partial<Invocation> = {}): Invocation {
  const [program, ...args] = line.split(' ');
  return {
    program,
    argv0: program,
    args,
    words: args.map((value) => ({ value, raw: value, dynamic: false, span: { start: 0, end: 0 } })),
    env: {},
    assigned: {},
    cwd: '/home/dev/acme',
    span: { start: 0, end: line.length },
    via: [],
    inherited: [],
    ...extra,
  };
}

function classify(line: string, extra: Partial<Invocation> = {}): Finding {
  const inv = invocation(line, extra);
  const pack = platformPacks.find((p) => p.programs.includes(inv.program));
  assert.ok(pack, `no platform pack for ${inv.program}`);
  const result = pack.classify(inv);
  assert.ok(result && !Array.isArray(result), `one finding for ${line}`);
  return result as Finding;
}

const samples = [
  'railway link -e production', 'railway up -e production', 'railway variables', 'railway api schema', 'railway whoami',
  'fly auth login', 'fly deploy -a acme-api', 'heroku login', 'heroku apps:destroy acme-api', 'vercel link', 'vercel --prod',
  'vercel env pull .env.local', 'netlify dev', 'netlify deploy --prod', 'supabase start', 'supabase db reset',
  'supabase db push --linked', 'firebase emulators:start', 'firebase deploy -P acme-prod', 'wrangler dev', 'wrangler deploy -e production',
  'wrangler d1 execute db --command SELECT', 'neonctl auth', 'neonctl branches delete main', 'pscale auth login', 'pscale shell acme main',
];

describe('platform packs', () => {
  it('name every rule after the pack, and give local work no target', () => {
    for (const line of samples) {
      const finding = classify(line);
      const pack = platformPacks.find((p) => p.programs.includes(line.split(' ')[0]));
      assert.ok(finding.ruleId.startsWith(`${pack?.id}.`), `${line}: ${finding.ruleId}`);
      assert.ok(finding.reason.length > 10 && !finding.reason.endsWith('.'), `${line}: one-line reason without a full stop`);
      if (finding.scope === 'local') {
        assert.equal(finding.targets, undefined, `${line} is local and must not carry targets`);
        assert.equal(finding.ambient, undefined, `${line} is local and must not carry ambient kinds`);
      }
    }
  });

  it('heroku reads topic:command and the spaced spelling alike', () => {
    for (const [colon, spaced] of [
      ['heroku pg:backups:delete b101 -a acme-api', 'heroku pg backups delete b101 -a acme-api'],
      ['heroku apps:destroy -a acme-api', 'heroku apps destroy -a acme-api'],
      ['heroku config:set A=1 -a acme-api', 'heroku config set A=1 -a acme-api'],
    ]) {
      const a = classify(colon);
      const b = classify(spaced);
      assert.equal(b.ruleId, a.ruleId, spaced);
      assert.equal(b.effect, a.effect, spaced);
    }
  });

  it('wrangler reads the old colon syntax like the spaced one', () => {
    assert.equal(classify('wrangler kv:key delete --binding CACHE k').ruleId, classify('wrangler kv key delete --binding CACHE k').ruleId);
    assert.equal(classify('wrangler kv:namespace delete --binding CACHE').effect, 'destroy');
  });

  it('vercel deploys when given no command or a path', () => {
    for (const line of ['vercel', 'vercel ./dist', 'vercel --prod', 'vercel apps/web --yes']) {
      assert.equal(classify(line).ruleId, 'vercel.deploy', line);
    }
    assert.deepEqual(classify('vercel --prod').targets, [{ kind: 'stage', value: 'production', source: 'Vercel environment' }]);
  });

  it('railway api reads the document from the argument, --file - or stdin, and not from a file it cannot see', () => {
    const mutation = 'mutation { volumeDelete(volumeId: "3d2c") }';
    assert.equal(classify('railway api', { args: ['api', mutation], words: [] }).effect, 'destroy');
    assert.equal(classify('railway api --file -', { stdin: { kind: 'heredoc', text: mutation } }).effect, 'destroy');
    assert.equal(classify('railway api', { stdin: { kind: 'pipe', text: 'query { me { id } }' } }).effect, 'read');
    assert.equal(classify('railway api --file delete.graphql').effect, 'unknown');
  });

  it('supabase acts on the local stack unless a flag or the command says remote', () => {
    assert.equal(classify('supabase db reset').scope, 'local');
    assert.equal(classify('supabase db reset --linked').scope, 'infra');
    assert.equal(classify('supabase db reset --db-url postgres://x@db.prod.acme.internal/postgres').scope, 'infra');
    assert.equal(classify('supabase db push').scope, 'infra');
    assert.equal(classify('supabase db push --local').scope, 'local');
    assert.equal(classify('supabase migration up').scope, 'local');
    assert.equal(classify('supabase migration up --linked').scope, 'infra');
  });

  it('judges SQL given to database consoles', () => {
    assert.equal(classify('heroku pg:psql -a acme-api -c', { args: ['pg:psql', '-a', 'acme-api', '-c', 'DROP TABLE users'], words: [] }).effect, 'destroy');
    assert.equal(classify('heroku pg:psql -a acme-api', { stdin: { kind: 'heredoc', text: 'select 1;' } }).effect, 'read');
    assert.equal(classify('heroku pg:psql -a acme-api -f cleanup.sql').effect, 'write');
    assert.equal(classify('wrangler d1 execute db --remote --file x.sql').effect, 'write');
    assert.equal(classify('pscale shell db main', { stdin: { kind: 'herestring', text: 'TRUNCATE orders' } }).effect, 'destroy');
  });

  it('plainly reading commands are reads', () => {
    for (const line of [
      'railway logs', 'railway status', 'railway list', 'fly status', 'fly logs', 'fly releases', 'heroku logs', 'heroku ps',
      'heroku releases', 'heroku pg:info', 'vercel ls', 'vercel inspect x.vercel.app', 'vercel logs x.vercel.app',
      'netlify status', 'supabase migration list', 'supabase projects list', 'firebase projects:list', 'wrangler whoami',
      'wrangler tail', 'wrangler d1 list', 'neonctl branches list', 'neonctl projects list', 'pscale branch list db',
      'pscale database list',
    ]) {
      assert.equal(classify(line).effect, 'read', line);
    }
  });
});

/**
 * Commands that run another command with an environment's credentials: the engine unwraps
 * them (src/core/shell/unwrap.ts), and both the wrapper and the inner command are judged.
 */
describe('platform wrappers are unwrapped', () => {
  const cases: { cmd: string; env?: Record<string, string>; ambient?: Record<string, string>; effect: string; target: string; decision: string }[] = [
    { cmd: 'railway run -e production npm start', effect: 'read', target: 'production', decision: 'block' },
    { cmd: 'railway run npm run dev', env: { RAILWAY_TOKEN: '7b1e2c9d-prod' }, effect: 'read', target: 'production', decision: 'block' },
    { cmd: 'railway local npx prisma migrate reset --force', ambient: { 'railway-environment': 'staging' }, effect: 'destroy', target: 'staging',
      decision: 'confirm' },
    { cmd: 'railway ssh -s api -e production -- rm -rf /data', effect: 'destroy', target: 'production', decision: 'block' },
    { cmd: 'heroku run rails db:drop -a acme-api-staging', effect: 'destroy', target: 'staging', decision: 'confirm' },
    { cmd: 'fly ssh console -a acme-api-staging -C "rm -rf /data"', effect: 'destroy', target: 'staging', decision: 'confirm' },
  ];
  for (const c of cases) {
    it(c.cmd, async () => {
      const result = await check(c.cmd, { env: c.env, ambient: c.ambient });
      assert.deepEqual({ effect: result.effect, target: result.target, decision: result.decision },
        { effect: c.effect, target: c.target, decision: c.decision });
    });
  }
});
