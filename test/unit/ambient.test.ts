import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { readAmbient } from '../../src/node/ambient';
import { Evaluator } from '../../src/node/evaluator';
import { fixturePolicy } from '../helpers';

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'bulkhead-ambient-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

describe('ambient state read from the machine', () => {
  it('reads the kubeconfig current-context, from $KUBECONFIG first', () => {
    const home = tree({ '.kube/config': 'apiVersion: v1\ncurrent-context: "prod-eu-1"\ncontexts: []\n', other: 'current-context: staging\n' });
    assert.equal(readAmbient(home, { HOME: home })['kube-context'], 'prod-eu-1');
    assert.equal(readAmbient(home, { HOME: home, KUBECONFIG: join(home, 'other') })['kube-context'], 'staging');
  });

  it('reads each fact when a command asks for it, and once: a line pays only for the files it needs', () => {
    const home = tree({ '.kube/config': 'current-context: staging\n', '.config/gcloud/active_config': 'default\n', '.config/gcloud/configurations/config_default': '[core]\nproject = acme-staging\n' });
    const state = readAmbient(home, { HOME: home });
    // Changed after the state was made and before it is asked: the new text is what is read.
    writeFileSync(join(home, '.kube', 'config'), 'current-context: prod-eu-1\n');
    writeFileSync(join(home, '.config/gcloud/configurations/config_default'), '[core]\nproject = acme-prod\n');
    assert.equal(state['kube-context'], 'prod-eu-1');
    writeFileSync(join(home, '.kube', 'config'), 'current-context: dev\n');
    assert.equal(state['kube-context'], 'prod-eu-1', 'read once per evaluation');
    assert.equal(state['gcp-project'], 'acme-prod');
    assert.deepEqual(Object.keys(state).sort(), ['account', 'azure-subscription', 'docker-context', 'gcp-project', 'kube-context', 'pulumi-stack', 'railway-environment', 'terraform-workspace']);
  });

  it('reads the terraform workspace of the directory, $TF_WORKSPACE first, default when initialised', () => {
    const home = tree({ 'ws/.terraform/environment': 'prod\n', 'plain/.terraform/x': '', 'none/main.tf': '' });
    assert.equal(readAmbient(join(home, 'ws'), { HOME: home })['terraform-workspace'], 'prod');
    assert.equal(readAmbient(join(home, 'plain'), { HOME: home })['terraform-workspace'], 'default');
    assert.equal(readAmbient(join(home, 'none'), { HOME: home })['terraform-workspace'], undefined);
    assert.equal(readAmbient(join(home, 'ws'), { HOME: home, TF_WORKSPACE: 'staging' })['terraform-workspace'], 'staging');
  });

  it('reads the Railway environment the folder (or a parent) is linked to', () => {
    const home = tree({ 'app/src/x': '' });
    writeFileSync(join(home, '.railway-config.json'), '');
    mkdirSync(join(home, '.railway'), { recursive: true });
    writeFileSync(join(home, '.railway', 'config.json'), JSON.stringify({ projects: { [join(home, 'app')]: { environmentName: 'production' } } }));
    assert.equal(readAmbient(join(home, 'app', 'src'), { HOME: home })['railway-environment'], 'production');
    assert.equal(readAmbient(home, { HOME: home })['railway-environment'], undefined);
  });

  it('reads the active gcloud project, the docker context, the Azure subscription and the doctl context', () => {
    const home = tree({
      '.config/gcloud/active_config': 'work\n',
      '.config/gcloud/configurations/config_work': '[compute]\nproject = nope\n[core]\naccount = a@b\nproject = acme-prod\n',
      '.docker/config.json': JSON.stringify({ currentContext: 'remote-prod' }),
      '.azure/azureProfile.json': `\uFEFF${JSON.stringify({ subscriptions: [{ name: 'dev', isDefault: false }, { name: 'acme-production', isDefault: true }] })}`,
      '.config/doctl/config.yaml': 'access-token: x\ncontext: acme-prod\n',
    });
    const ambient = readAmbient(home, { HOME: home });
    assert.equal(ambient['gcp-project'], 'acme-prod');
    assert.equal(ambient['docker-context'], 'remote-prod');
    assert.equal(ambient['azure-subscription'], 'acme-production');
    assert.equal(ambient.account, 'acme-prod');
    assert.equal(readAmbient(home, { HOME: home, CLOUDSDK_CORE_PROJECT: 'x' })['gcp-project'], 'x');
  });

  it('reads the selected Pulumi stack of the project around the directory', () => {
    const home = tree({ 'infra/Pulumi.yaml': 'name: api\nruntime: nodejs\n', 'infra/src/index.ts': '' });
    const hash = createHash('sha1').update(join(home, 'infra', 'Pulumi.yaml')).digest('hex');
    mkdirSync(join(home, '.pulumi', 'workspaces'), { recursive: true });
    writeFileSync(join(home, '.pulumi', 'workspaces', `api-${hash}-workspace.json`), JSON.stringify({ stack: 'acme/api/prod' }));
    assert.equal(readAmbient(join(home, 'infra', 'src'), { HOME: home })['pulumi-stack'], 'acme/api/prod');
  });

  it('tolerates malformed files: the fact is simply absent', () => {
    const home = tree({ '.kube/config': '\0\0garbage', '.railway/config.json': '{', '.docker/config.json': 'nope', '.azure/azureProfile.json': '[', 'p/Pulumi.yaml': 'runtime: go\n' });
    const ambient = readAmbient(join(home, 'p'), { HOME: home });
    for (const kind of ['kube-context', 'railway-environment', 'docker-context', 'azure-subscription', 'pulumi-stack']) assert.equal(ambient[kind], undefined, kind);
  });

  it('judges a command after cd by the state of the folder it runs in', async () => {
    const root = tree({ 'envs/prod/.terraform/environment': 'prod\n', 'envs/stg/.terraform/environment': 'staging\n', 'package.json': '{}' });
    const evaluator = await Evaluator.create();
    const policy = fixturePolicy();
    const result = evaluator.evaluate('terraform destroy -auto-approve', { policy, cwd: join(root, 'envs', 'stg'), env: { HOME: root } });
    assert.deepEqual([result.decision, result.target], ['confirm', 'staging'], 'in the staging folder it is a staging destroy');
    const moved = evaluator.evaluate('cd ../prod && terraform destroy -auto-approve', { policy, cwd: join(root, 'envs', 'stg'), env: { HOME: root } });
    assert.equal(moved.decision, 'block');
    assert.deepEqual(moved.targets, ['production']);
  });
});
