import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { type CredentialFinding, scanText, type ScanOptions } from '../../src/core/credentials/scan';
import { loadPolicy, type Policy } from '../../src/core/policy/load';
import { readStore, storeFile } from '../../src/node/credentials/fingerprints';
import { secretlintDetector } from '../../src/node/credentials/secretlint';
import { scanWorkspace } from '../../src/node/credentials/workspaceScan';
import { variableNameFor, withSecretFile } from '../../src/core/credentials/quickFixes';
import { fixturePolicy, repoRoot } from '../helpers';

// Values shaped like the real ones, assembled so that this file itself holds no token a scanner flags.
const join2 = (...parts: string[]) => parts.join('');
const github = join2('ghp_', 'R7uT2kQ9wXa4LmZ8cV1bN6yH3sD5fG0jK2pE');
const awsKey = join2('AKIA', 'Q3ZT7V2LMN4X8PWR');
const stripe = join2('sk_live_', '51HxQ2aL9mT7vR3cK8pW4zY6nB1dF5gJ0sE2uA');
const slack = join2('xoxb-', '1234567890123-1234567890123-', 'Zk8mQ2vL9xW4rT7yN3cB6pD1');
const fly = join2('fo1_', 'Qm9vL2xR7tK4wZ8cV1bN6yH3sD5fG0jK2pEaUiO9');
const heroku = join2('HRKU-', 'AAq9vL2xR7tK4wZ8cV1bN6yH3sD5fG0jK2pEaUiO9mQ7');
const supabase = join2('sbp_', 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678');
const digitalocean = join2('dop_v1_', 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678a1b2c3d4e5f6071829304f5e');
const railway = '8f2b6c1e-4d0a-4c4e-9a57-2b1d9e0c7f31';
const dbPassword = 'Zq8vLx3mPw9rTk2n';

const policy = fixturePolicy();
const detector = secretlintDetector();
const scan = (file: string, text: string, options: Partial<ScanOptions> = {}): CredentialFinding[] =>
  scanText(file, text, { policy, detectors: [detector], ...options });
const kinds = (findings: CredentialFinding[]) => findings.map((f) => f.kind);
const home = () => mkdtempSync(join(tmpdir(), 'bulkhead-fp-'));

describe('the credential scanner', () => {
  it('finds each provider\'s credentials, with the line and column of each', () => {
    const text = [
      `GITHUB_TOKEN=${github}`,
      `aws_access_key_id = ${awsKey}`,
      `STRIPE_KEY="${stripe}"`,
      `SLACK=${slack}`,
      `FLY_API_TOKEN=${fly}`,
      `HEROKU_API_KEY=${heroku}`,
      `SUPABASE_ACCESS_TOKEN=${supabase}`,
      `DIGITALOCEAN_TOKEN=${digitalocean}`,
      `DATABASE_URL=postgres://app:${dbPassword}@db.internal.example.net:5432/app`,
      `REDIS_URL=rediss://default:${dbPassword}@cache.internal.example.net:6380`,
      `AWS_SECRET_ACCESS_KEY=${join2('Qm9vL2xR7tK4wZ8c', 'V1bN6yH3sD5fG0jK2pEaUiO9')}`,
      `NPM_TOKEN=${join2('npm_', 'Qm9vL2xR7tK4wZ8cV1bN6yH3sD5fG0jK2pEa')}`,
    ].join('\n');
    const found = scan('scripts/setup.sh', text);
    assert.deepEqual(kinds(found), ['github-token', 'aws-access-key', 'stripe-key', 'slack-token', 'fly-token', 'heroku-key', 'supabase-key',
      'digitalocean-token', 'database-url', 'database-url', 'aws-secret-key', 'npm-token']);
    assert.deepEqual(found.map((f) => f.line), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    assert.equal(found[0].column, 'GITHUB_TOKEN='.length + 1);
    assert.equal(found[0].endColumn, found[0].column + github.length);
  });

  it('finds a private key block and a service-account file', () => {
    const body = Array.from({ length: 12 }, (_, i) => `MIIEow${'IBAAKCAQEA'.repeat(6)}${i}`.slice(0, 64)).join('\n');
    const key = `-----BEGIN RSA PRIVATE KEY-----\n${body}\n-----END RSA PRIVATE KEY-----\n`;
    const found = scan('deploy/id_rsa', key);
    assert.deepEqual(kinds(found), ['private-key']);
    assert.equal(found[0].preview, '-----BEGIN RSA PRIVATE KEY-----');
  });

  it('never carries the secret: previews are redacted, a URL keeps everything but its password', () => {
    const text = `export GITHUB_TOKEN=${github}\nDATABASE_URL=postgres://app:${dbPassword}@db.internal.example.net/app\nRAILWAY_TOKEN=${railway}`;
    const found = scan('scripts/old-deploy.sh', text);
    const json = JSON.stringify(found);
    for (const secret of [github, dbPassword, railway]) {
      assert.ok(!json.includes(secret), `${secret.slice(0, 4)}… appears in the findings`);
      assert.ok(!json.includes(secret.slice(4, -2)), 'the middle of a secret appears in the findings');
    }
    assert.equal(found[0].preview, 'ghp_…pE');
    assert.equal(found[1].preview, 'postgres://app:••••@db.internal.example.net');
  });

  it('tells a Railway token by its context: a RAILWAY_*TOKEN variable, or a bearer token beside a Railway URL', () => {
    assert.deepEqual(kinds(scan('scripts/a.sh', `RAILWAY_API_TOKEN="${railway}"`)), ['railway-token']);
    const curl = `curl -X POST https://backboard.railway.app/graphql/v2 \\\n  -H "Authorization: Bearer ${railway}" \\\n  -d '{"query":"{ me { id } }"}'`;
    assert.deepEqual(kinds(scan('scripts/b.sh', curl)), ['railway-token']);
    const header = `# railway project\nconst headers = { "Project-Access-Token": "${railway}" };`;
    assert.deepEqual(kinds(scan('src/c.ts', header)), ['railway-token']);
  });

  it('leaves UUIDs that are not tokens alone: ids next to Railway, bearer UUIDs with no Railway nearby, bare UUIDs', () => {
    const ids = [
      `RAILWAY_PROJECT_ID=${railway}`,
      `RAILWAY_ENVIRONMENT_ID: "${railway}"`,
      `curl https://backboard.railway.app/graphql/v2 -d '{"query":"mutation { volumeDelete(volumeId: \\"${railway}\\") }"}'`,
      `{"projectId": "${railway}", "railway": true}`,
    ].join('\n');
    assert.deepEqual(scan('scripts/ids.sh', ids), []);
    assert.deepEqual(scan('src/auth.ts', `// requests to our own API\nheaders.Authorization = "Bearer ${railway}";`), []);
    assert.deepEqual(scan('src/ids.json', `{"id": "${railway}", "railwayEnabled": false}`), []);
  });

  it('leaves documented examples and placeholders alone', () => {
    const text = [
      `AWS_ACCESS_KEY_ID=${join2('AKIAIOSFODNN7', 'EXAMPLE')}`,
      `GITHUB_TOKEN=ghp_${'x'.repeat(36)}`,
      'DATABASE_URL=postgres://user:password@db.internal.example.net/app',
      `DATABASE_URL=postgres://app:${dbPassword}@localhost:5432/app`,
      'STRIPE_KEY=sk_live_your_stripe_key_here_0000000000',
    ].join('\n');
    assert.deepEqual(scan('config/settings.env', text), []);
  });

  it('skips lock files, whose hashes and ids look like tokens', () => {
    const lock = JSON.stringify({ packages: { 'node_modules/x': { integrity: `sha512-${'Zk8mQ2vL9xW4rT7yN3cB6pD1'.repeat(3)}==`, resolved: 'https://registry.npmjs.org/x/-/x-1.0.0.tgz' } }, id: railway, token: github });
    assert.deepEqual(scan('package-lock.json', lock), []);
    assert.deepEqual(scan('yarn.lock', `"x@^1":\n  integrity sha512-${'a'.repeat(80)}\n  ${github}\n`), []);
  });

  it('keeps test fixtures quiet unless they hold an environment\'s real value', () => {
    assert.deepEqual(scan('test/fixtures/settings.env', `GITHUB_TOKEN=${github}`), []);
    assert.deepEqual(scan('src/api.test.ts', `const token = "${github}";`), []);
    const known = (value: string) => (value === github ? { environment: 'production', source: '.env.production' } : undefined);
    const found = scan('test/fixtures/settings.env', `GITHUB_TOKEN=${github}`, { known });
    assert.deepEqual(found.map((f) => [f.environment, f.severity, f.attribution]), [['production', 'error', 'as in .env.production']]);
  });

  it('attributes a finding: by value, by the credential variable it is assigned to, by a target beside it', () => {
    const known = (value: string) => (value === railway ? { environment: 'production', source: '.env.production' } : undefined);
    const [byValue] = scan('scripts/old-deploy.sh', `export TOKEN=${railway} # railway`, { known });
    assert.equal(byValue.message, 'production Railway token in scripts/old-deploy.sh: an agent can find and use it (as in .env.production)');
    assert.equal(byValue.severity, 'error');
    const [byName] = scan('scripts/x.sh', `RAILWAY_STAGING_TOKEN=${railway}`);
    assert.deepEqual([byName.environment, byName.severity], ['staging', 'error']);
    assert.match(byName.attribution ?? '', /RAILWAY_STAGING_TOKEN, a credential of staging/);
    const [nearby] = scan('scripts/y.sh', `# deploys to api.acme.com\nexport GH=${github}`);
    assert.equal(nearby.environment, 'production');
    assert.match(nearby.attribution ?? '', /next to api\.acme\.com/);
    const [unknown] = scan('scripts/z.sh', `export GH=${github}`);
    assert.deepEqual([unknown.environment, unknown.severity], [undefined, 'warning']);
  });

  it('a secret file holds its own environment\'s values; another environment\'s value there is reported', () => {
    const known = (value: string) => (value === railway ? { environment: 'production', source: '.env.production' } : undefined);
    assert.deepEqual(scan('.env.production', `RAILWAY_TOKEN=${railway}\nGITHUB_TOKEN=${github}`, { known }), []);
    const found = scan('.env.staging', `RAILWAY_STAGING_TOKEN=${railway}`, { known });
    assert.deepEqual(found.map((f) => f.environment), ['production']);
  });
});

describe('a workspace scan', () => {
  it('a workspace scan stores fingerprints, never values, where the CLI and the hooks read them', () => {
    const root = mkdtempSync(join(tmpdir(), 'bulkhead-ws-'));
    const h = home();
    mkdirSync(join(root, 'config'));
    mkdirSync(join(root, 'scripts'));
    writeFileSync(join(root, 'config', 'prod.env'), `DEPLOY_KEY=${github}\n`);
    writeFileSync(join(root, 'scripts', 'old-deploy.sh'), `#!/bin/sh\ncurl -H "Authorization: token ${github}" https://api.github.com/user\n`);
    writeFileSync(join(root, 'package-lock.json'), `{"token": "${github}"}`);
    const result = scanWorkspace(policyAt(root), { home: h });
    assert.deepEqual(result.findings.map((f) => [f.file, f.line, f.environment, f.severity]), [['scripts/old-deploy.sh', 2, 'production', 'error']]);
    assert.equal(result.findings[0].attribution, 'as in config/prod.env');
    assert.equal(result.skipped.generated, 1);
    const stored = readFileSync(storeFile(root, h), 'utf8');
    assert.ok(!stored.includes(github) && !stored.includes(github.slice(4, 20)));
    assert.equal(statSync(storeFile(root, h)).mode & 0o777, 0o600);
    assert.equal(readStore(root, h).length, 1);
  });

  it('every walk is bounded, and past a bound the scan says which', () => {
    const root = mkdtempSync(join(tmpdir(), 'bulkhead-ws-'));
    for (let i = 0; i < 30; i++) writeFileSync(join(root, `f${i}.txt`), 'hello\n');
    writeFileSync(join(root, 'big.txt'), 'x'.repeat(4096));
    const files = scanWorkspace(policyAt(root), { home: home(), bounds: { maxFiles: 10, maxFileBytes: 1024, maxTotalBytes: 1 << 20, maxMs: 10_000 } });
    assert.match(files.incomplete ?? '', /stopped at 10 files/);
    assert.equal(files.filesScanned + files.skipped.large, 10);
    let t = 0;
    const slow = scanWorkspace(policyAt(root), { home: home(), now: () => (t += 600), bounds: { maxFiles: 100, maxFileBytes: 1 << 20, maxTotalBytes: 1 << 20, maxMs: 5_000 } });
    assert.match(slow.incomplete ?? '', /stopped .*after 5 s/);
    const sized = scanWorkspace(policyAt(root), { home: home(), bounds: { maxFiles: 100, maxFileBytes: 1024, maxTotalBytes: 1 << 20, maxMs: 10_000 } });
    assert.equal(sized.skipped.large, 1);
  });

});

function policyAt(root: string): Policy {
  const file = join(repoRoot, 'test', 'fixtures', 'policy.yaml');
  const result = loadPolicy(readFileSync(file, 'utf8'), file, root);
  if (!result.policy) throw new Error('fixture policy is broken');
  return result.policy;
}

describe('the quick fixes\' text edits', () => {
  it('adds a file to an environment\'s secrets, keeping comments; once only; undefined for an unknown environment', () => {
    const text = '# team policy\nversion: 1\nenvironments:\n  production:\n    protection: critical # the real one\n    secrets: [.env.production]\n  staging:\n    protection: guarded\n';
    const updated = withSecretFile(text, 'production', 'scripts/old-deploy.sh')!;
    assert.match(updated, /# team policy/);
    assert.match(updated, /# the real one/);
    assert.match(updated, /secrets: \[ \.env\.production, scripts\/old-deploy\.sh \]/);
    assert.equal(withSecretFile(updated, 'production', 'scripts/old-deploy.sh'), updated);
    assert.match(withSecretFile(text, 'staging', 'x.env')!, /staging:\n\s+protection: guarded\n\s+secrets: \[ x\.env \]/);
    assert.equal(withSecretFile(text, 'qa', 'x.env'), undefined);
    assert.equal(withSecretFile('environments: [', 'production', 'x'), undefined);
  });

  it('names the moved variable after its assignment, else after its environment and kind', () => {
    assert.equal(variableNameFor('export GITHUB_TOKEN=', 'production', 'github-token'), 'GITHUB_TOKEN');
    assert.equal(variableNameFor('curl -H "Authorization: Bearer ', 'production', 'railway-token'), 'PRODUCTION_RAILWAY_TOKEN');
    assert.equal(variableNameFor('const token = "', 'staging', 'stripe-key'), 'STAGING_STRIPE_KEY');
  });
});
