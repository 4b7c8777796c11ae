import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, test } from 'node:test';
import { loadPolicy } from '../../src/core/policy/load';
import { renderStarterPolicy, stageOf } from '../../src/core/policy/starter';
import { Evaluator } from '../../src/node/evaluator';
import { detectWorkspace } from '../../src/node/init';

const cli = join(__dirname, '..', '..', 'dist', 'cli.js');

function workspace(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'bulkhead-init-'));
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, rel)), { recursive: true });
    writeFileSync(join(root, rel), text);
  }
  return root;
}

const kubeconfig = `apiVersion: v1
kind: Config
contexts:
  - name: prod-eu-1
    context: { cluster: prod }
  - name: acme-staging
    context: { cluster: staging }
  - name: kind-dev
    context: { cluster: kind }
  - name: ops-cluster
    context: { cluster: ops }
`;

const acme = {
  'railway.json': JSON.stringify({ build: {}, environments: { production: {}, staging: {} } }),
  'infra/envs/staging/main.tf': 'terraform {}\n',
  'infra/envs/production/main.tf': 'terraform {}\n',
  'infra/terraform.tfstate.d/prod/terraform.tfstate': '{}',
  'infra/main.tf': 'terraform {}\n',
  'stack/Pulumi.yaml': 'name: acme\n',
  'stack/Pulumi.acme-prod.yaml': 'config: {}\n',
  'fly.toml': 'app = "acme-api-staging"\n',
  '.vercel/project.json': JSON.stringify({ projectId: 'prj_1', projectName: 'acme-web' }),
  'supabase/config.toml': 'project_id = "acme"\n',
  'supabase/.temp/project-ref': 'prodacmeref01\n',
  '.env.production': 'RAILWAY_TOKEN=rw_prod_123\nDATABASE_URL=postgres://app:pw@db.acme.com:5432/app\n',
  '.env.staging': 'DATABASE_URL=postgres://app:pw@db.staging.acme.com/app\n',
  '.env.example': 'DATABASE_URL=\n',
  'prisma/schema.prisma': 'datasource db {\n  provider = "postgresql"\n  url      = env("DATABASE_URL")\n}\n',
  'docker-compose.prod.yml': 'services:\n  api:\n    image: acme\n    env_file: [config/prod.env]\n',
  'node_modules/pkg/.env.production': 'NOT_READ=1\n',
  '.kube/config': kubeconfig,
};

describe('bulkhead init: a first policy from what the workspace uses', () => {
  test('names say their environment; other names stay unplaced', () => {
    assert.deepEqual(['prod-eu-1', 'acme-staging', 'kind-dev', 'stg', 'live', 'ops-cluster', 'product'].map(stageOf),
      ['production', 'staging', 'local', 'staging', 'production', undefined, undefined]);
  });

  test('finds each platform, and every value says where it came from', () => {
    const root = workspace(acme);
    const { findings } = detectWorkspace(root, { env: {}, home: root });
    const has = (stage: string | undefined, kind: string, value: string, source: RegExp) =>
      assert.ok(findings.some((f) => f.stage === stage && f.kind === kind && f.value === value && source.test(f.source)), `${stage} ${kind} ${value}: ${JSON.stringify(findings.filter((f) => f.value === value))}`);
    has('production', 'railway-environment', 'production', /railway\.json/);
    has('staging', 'railway-environment', 'staging', /railway\.json/);
    has('staging', 'path', 'infra/envs/staging/**', /Terraform root/);
    has('production', 'path', 'infra/envs/production/**', /Terraform root/);
    has('production', 'terraform-workspace', 'prod', /terraform\.tfstate\.d/);
    has('production', 'pulumi-stack', 'acme-prod', /Pulumi stack file/);
    has('staging', 'app', 'acme-api-staging', /fly\.toml/);
    has(undefined, 'app', 'acme-web', /Vercel/);
    has(undefined, 'supabase-project', 'prodacmeref01', /linked/);
    has('local', 'supabase-project', 'acme', /config\.toml/);
    has('production', 'secrets', '.env.production', /\.env file of production/);
    has('staging', 'secrets', '.env.staging', /\.env file of staging/);
    has('production', 'host', 'db.acme.com', /DATABASE_URL in \.env\.production \(the datasource of prisma\/schema\.prisma\)/);
    has('staging', 'host', 'db.staging.acme.com', /\.env\.staging/);
    has('production', 'credentials', 'RAILWAY_TOKEN', /only in the \.env file of production/);
    has('production', 'secrets', 'config/prod.env', /env_file of docker-compose\.prod\.yml/);
    has('production', 'kube-context', 'prod-eu-1', /~\/\.kube\/config/);
    has('staging', 'kube-context', 'acme-staging', /kube/);
    has('local', 'kube-context', 'kind-dev', /kube/);
    has(undefined, 'kube-context', 'ops-cluster', /kube/);
    // A variable both environments set is nobody's credential; examples and dependencies are not read.
    assert.ok(!findings.some((f) => f.kind === 'credentials' && f.value === 'DATABASE_URL'));
    assert.ok(!findings.some((f) => f.value.includes('.env.example') || f.value.includes('node_modules')));
  });

  test('the written policy loads without a diagnostic and guards what it found', async () => {
    const root = workspace(acme);
    const { findings, looked } = detectWorkspace(root, { env: {}, home: root });
    const text = renderStarterPolicy(findings, looked);
    const loaded = loadPolicy(text, join(root, '.bulkhead.yaml'), root);
    assert.deepEqual(loaded.diagnostics, []);
    const policy = loaded.policy!;
    assert.deepEqual(policy.environments.map((e) => [e.name, e.protection]), [['local', 'open'], ['staging', 'guarded'], ['production', 'critical']]);
    assert.match(text, /- "prod-eu-1"  # a context in ~\/\.kube\/config/);
    assert.match(text, /#   kube-context: "ops-cluster"/);
    const evaluator = await Evaluator.create();
    const decide = (line: string) => evaluator.evaluate(line, { policy, active: policy.default, cwd: root, env: {} }).decision;
    assert.equal(decide('kubectl --context prod-eu-1 delete namespace shop'), 'block');
    assert.equal(decide('cat .env.production'), 'block');
    assert.equal(decide('kubectl --context acme-staging get pods'), 'allow');
  });

  test('an empty folder still gets a valid policy with the three environments', () => {
    const root = workspace({});
    const text = renderStarterPolicy(detectWorkspace(root, { env: {}, home: root }).findings, []);
    const loaded = loadPolicy(text, join(root, '.bulkhead.yaml'), root);
    assert.deepEqual(loaded.diagnostics, []);
    assert.equal(loaded.policy!.environments.length, 3);
  });

  test('the CLI writes it once, never over an existing policy, and --print writes nothing', () => {
    const root = workspace({ '.env.production': 'X=1\n' });
    const run = (...args: string[]) => spawnSync(process.execPath, [cli, 'init', ...args], { cwd: root, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', HOME: root } });
    const printed = run('--print');
    assert.equal(printed.status, 0);
    assert.match(printed.stdout, /- "\.env\.production"/);
    assert.throws(() => readFileSync(join(root, '.bulkhead.yaml')));
    const first = run();
    assert.equal(first.status, 0, first.stderr);
    assert.match(first.stdout, /Wrote \.bulkhead\.yaml/);
    writeFileSync(join(root, '.bulkhead.yaml'), '# mine\n');
    const second = run();
    assert.equal(second.status, 1);
    assert.match(second.stderr, /already exists and was left alone/);
    assert.equal(readFileSync(join(root, '.bulkhead.yaml'), 'utf8'), '# mine\n');
    assert.equal(run('--bogus').status, 3);
  });
});
