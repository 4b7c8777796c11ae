import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Finding, Invocation } from '../../src/core/model';
import {
  nameTokens, splitFlags, stageHintsFromAssignment, stageHintsFromName, stageHintsFromPath, stageHintsFromValue,
} from '../../src/core/packs/iac-hints';
import { kubectlPack } from '../../src/core/packs/kubectl';
import { pulumiPack } from '../../src/core/packs/pulumi';
import { terraformPack, terragruntPack } from '../../src/core/packs/terraform';

const stages = (hints: { value: string }[]): string[] => hints.map((h) => h.value);

function invocation(program: string, args: string[], extra: Partial<Invocation> = {}): Invocation {
  return {
    program, argv0: program, args, words: args.map((value) => ({ value, raw: value, dynamic: false, span: { start: 0, end: 0 } })),
    env: {}, assigned: {}, cwd: '/home/dev/acme', span: { start: 0, end: 0 }, via: [], inherited: [], ...extra,
  };
}

function classify(pack: { classify(inv: Invocation): unknown }, inv: Invocation): Finding {
  const result = pack.classify(inv);
  assert.ok(result && !Array.isArray(result), 'expected one finding');
  return result as Finding;
}

describe('environment names inside other names', () => {
  it('splits camel case, dashes and digits', () => {
    assert.deepEqual(nameTokens('AcmeProdStack'), ['acme', 'prod', 'stack']);
    assert.deepEqual(nameTokens('api-prod-eu-1'), ['api', 'prod', 'eu', '1']);
    assert.deepEqual(nameTokens('APIStaging'), ['api', 'staging']);
  });

  it('finds whole environment words only', () => {
    assert.deepEqual(stages(stageHintsFromName('ApiStack-Prod', 'test')), ['prod']);
    assert.deepEqual(stages(stageHintsFromName('ProductCatalog', 'test')), []);
    assert.deepEqual(stages(stageHintsFromName('main', 'test')), [], 'main is ambiguous');
    assert.deepEqual(stages(stageHintsFromName('PipelineStage', 'test')), [], 'stage is ambiguous inside names');
  });

  it('reads the last segments of a path, without extensions', () => {
    assert.deepEqual(stages(stageHintsFromPath('envs/prod.tfvars', 't')), ['prod']);
    assert.deepEqual(stages(stageHintsFromPath('envs/production/terraform.tfvars', 't')), ['production']);
    assert.deepEqual(stages(stageHintsFromPath('values-staging.yaml', 't')), ['staging']);
    assert.deepEqual(stages(stageHintsFromPath('prod.auto.tfvars', 't')), ['prod']);
    assert.deepEqual(stages(stageHintsFromPath('terraform.tfvars', 't')), []);
    assert.deepEqual(stages(stageHintsFromPath('/home/dev/acme/envs/staging.tfvars', 't')), ['staging'], 'the home directory is not an environment');
    assert.deepEqual(stages(stageHintsFromPath('-', 't')), []);
  });

  it('keeps an explicit value as is and adds the words inside it', () => {
    assert.deepEqual(stages(stageHintsFromValue('prod-eu', 't')), ['prod-eu', 'prod']);
    assert.deepEqual(stages(stageHintsFromValue('staging', 't')), ['staging']);
    assert.deepEqual(stages(stageHintsFromValue('$(whoami)', 't')), []);
  });

  it('reads assignments whose key names the environment', () => {
    assert.deepEqual(stages(stageHintsFromAssignment('environment=production', 't')), ['production']);
    assert.deepEqual(stages(stageHintsFromAssignment('"env"="prod"', 't')), ['prod']);
    assert.deepEqual(stages(stageHintsFromAssignment('region=eu-west-1', 't')), []);
  });
});

describe('splitFlags', () => {
  it('splits like a shell, honouring quotes', () => {
    assert.deepEqual(splitFlags(`-var 'env=prod' -destroy  -var-file="a b.tfvars"`), ['-var', 'env=prod', '-destroy', '-var-file=a b.tfvars']);
    assert.deepEqual(splitFlags(''), []);
    assert.deepEqual(splitFlags(`-var ''`), ['-var', '']);
  });
});

describe('terraform pack', () => {
  it('plans are reads, applies with -destroy or -replace destroy', () => {
    assert.equal(classify(terraformPack, invocation('terraform', ['plan', '-destroy'])).ruleId, 'terraform.plan-destroy');
    assert.equal(classify(terraformPack, invocation('terraform', ['apply', '-replace=aws_instance.web'])).effect, 'destroy');
    assert.equal(classify(terraformPack, invocation('tofu', ['apply', '-destroy'])).ruleId, 'terraform.apply-destroy');
  });

  it('emits -chdir as an absolute cwd hint and drops the ambient workspace of the other directory', () => {
    const f = classify(terraformPack, invocation('terraform', ['-chdir=../other/infra', 'apply']));
    assert.deepEqual(f.targets?.filter((t) => t.kind === 'cwd').map((t) => t.value), ['/home/dev/other/infra']);
    assert.equal(f.ambient, undefined);
  });

  it('reads flags injected by TF_CLI_ARGS_<command>', () => {
    const f = classify(terraformPack, invocation('terraform', ['apply'], { env: { TF_CLI_ARGS_apply: '-destroy -auto-approve' } }));
    assert.equal(f.effect, 'destroy');
    const plan = classify(terraformPack, invocation('terraform', ['plan'], { env: { TF_CLI_ARGS_apply: '-destroy' } }));
    assert.equal(plan.effect, 'read', 'TF_CLI_ARGS_apply does not apply to plan');
  });

  it('selecting a workspace names no environment', () => {
    const f = classify(terraformPack, invocation('terraform', ['workspace', 'select', 'prod']));
    assert.equal(f.scope, 'local');
    assert.equal(f.targets, undefined);
    assert.deepEqual(f.setsAmbient, { 'terraform-workspace': 'prod' }, 'it is the state later commands on the line run in');
    assert.equal(f.ambient, undefined);
  });

  it('help is help only when written as a flag, not when letters of another flag spell it', () => {
    assert.equal(classify(terragruntPack, invocation('terragrunt', ['run', '--graph', 'destroy'])).effect, 'destroy');
    assert.equal(classify(terragruntPack, invocation('terragrunt', ['destroy', '--help'])).effect, 'read');
  });

  it('terragrunt stack runs are judged by the Terraform command they run', () => {
    const f = classify(terragruntPack, invocation('terragrunt', ['run', '--all', '--', 'apply', '-destroy']));
    assert.equal(f.ruleId, 'terragrunt.apply-destroy');
    assert.match(f.reason, /every module/);
  });
});

describe('kubectl and pulumi packs', () => {
  it('exec is a read only when the engine unwraps its payload', () => {
    assert.equal(classify(kubectlPack, invocation('kubectl', ['exec', 'db-0', '--', 'ls'])).effect, 'read');
    // The unwrapper and the pack skip the same options before exec: one list, in the pack's carrier spec.
    assert.equal(classify(kubectlPack, invocation('kubectl', ['--as-group', 'admins', 'exec', 'db-0', '--', 'ls'])).effect, 'read');
    assert.equal(classify(kubectlPack, invocation('kubectl', ['--log-file', '/tmp/k.log', 'exec', 'db-0', '--', 'ls'])).effect, 'write');
    assert.equal(classify(kubectlPack, invocation('kubecolor', ['exec', 'db-0', '--', 'ls'])).effect, 'write');
  });

  it('a kubeconfig chosen on the line replaces the ambient context', () => {
    const f = classify(kubectlPack, invocation('kubectl', ['apply', '-f', 'x.yaml'], { assigned: { KUBECONFIG: '/tmp/prod.yaml' } }));
    assert.equal(f.ambient, undefined);
    assert.deepEqual(stages(f.targets?.filter((t) => t.kind === 'stage') ?? []), ['prod']);
  });

  it('pulumi stack rm targets the stack it removes', () => {
    const f = classify(pulumiPack, invocation('pulumi', ['stack', 'rm', 'acme/api/prod', '--yes']));
    assert.equal(f.effect, 'destroy');
    assert.ok(f.targets?.some((t) => t.kind === 'pulumi-stack' && t.value === 'acme/api/prod'));
  });
});
