import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Finding, Invocation, TargetHint } from '../../src/core/model';
import { stageHints } from '../../src/core/packs/cloud-common';
import { packFor } from '../../src/core/packs/registry';

/** An invocation as the walk would hand it to a pack: words split on spaces, nothing dynamic. */
function invocation(line: string, env: Record<string, string> = {}): Invocation {
  const [program, ...args] = line.split(' ');
  return {
    program,
    argv0: program,
    args,
    words: args.map((value) => ({ value, raw: value, dynamic: false, span: { start: 0, end: 0 } })),
    env,
    assigned: {},
    cwd: '/home/dev/acme',
    span: { start: 0, end: line.length },
    via: [],
    inherited: [],
  };
}

function classify(line: string, env: Record<string, string> = {}): Finding {
  const inv = invocation(line, env);
  const pack = packFor(inv.program);
  assert.ok(pack, `no pack for ${inv.program}`);
  const result = pack.classify(inv);
  assert.ok(result && !Array.isArray(result), `one finding for ${line}`);
  return result as Finding;
}

const has = (f: Finding, kind: string, value: string): boolean => (f.targets ?? []).some((h) => h.kind === kind && h.value === value);

describe('stageHints', () => {
  const tokens = (value: string): string[] => {
    const into: TargetHint[] = [];
    stageHints(value, 'test', into);
    return into.map((h) => h.value);
  };
  it('finds stage words as whole tokens of a name', () => {
    assert.deepEqual(tokens('orders-prod'), ['prod']);
    assert.deepEqual(tokens('AdministratorAccess-Staging'), ['staging']);
    assert.deepEqual(tokens('/acme/prod/DATABASE_URL'), ['prod']);
    assert.deepEqual(tokens('rg_orders_stg_weu'), ['stg']);
  });
  it('ignores stage words inside longer words and weak aliases', () => {
    assert.deepEqual(tokens('product-catalog'), []);
    assert.deepEqual(tokens('devops-tools'), []);
    assert.deepEqual(tokens('main-db'), []);
    assert.deepEqual(tokens('test-runner'), []);
  });
});

describe('aws pack', () => {
  it('finds service and operation past global options with values', () => {
    const f = classify('aws --region eu-west-1 --profile prod --output json dynamodb delete-table --table-name t');
    assert.equal(f.ruleId, 'aws.dynamodb.delete-table');
    assert.equal(f.effect, 'destroy');
    assert.ok(has(f, 'aws-profile', 'prod'));
    assert.ok(has(f, 'aws-region', 'eu-west-1'));
  });
  it('treats only a help word right after the command as help', () => {
    assert.equal(classify('aws s3api delete-bucket help').effect, 'read');
    assert.equal(classify('aws s3api delete-bucket --bucket help').effect, 'destroy');
  });
  it('does not read --version after the operation as the CLI version flag', () => {
    assert.equal(classify('aws eks create-cluster --name x --version 1.29').effect, 'write');
    assert.equal(classify('aws --version').effect, 'read');
  });
  it('tells an S3 download from an upload by the destination', () => {
    assert.equal(classify('aws s3 cp s3://b/k ./k').effect, 'read');
    assert.equal(classify('aws s3 cp ./k s3://b/k').effect, 'write');
    assert.equal(classify('aws s3 cp ./k s3://b/k --content-type text/html').effect, 'write');
    assert.equal(classify('aws s3 cp --acl public-read ./k s3://b/k').effect, 'write');
    assert.equal(classify('aws s3 sync s3://b ./dir --delete').effect, 'destroy');
    assert.equal(classify('aws s3 sync ./dir s3://b --delete').effect, 'destroy');
  });
  it('keeps the command-line profile over the variable, and reads the account from SSO profile names', () => {
    const f = classify('aws s3 ls --profile AdministratorAccess-111111111111', { AWS_PROFILE: 'staging' });
    assert.ok(!has(f, 'aws-profile', 'staging'));
    assert.ok(has(f, 'aws-account', '111111111111'));
  });
  it('reads account, region and queue name from an SQS queue URL', () => {
    const f = classify('aws sqs purge-queue --queue-url https://sqs.eu-west-1.amazonaws.com/111111111111/orders-prod');
    assert.ok(has(f, 'aws-account', '111111111111'));
    assert.ok(has(f, 'aws-region', 'eu-west-1'));
    assert.ok(has(f, 'resource', 'orders-prod'));
    assert.ok(has(f, 'stage', 'prod'));
  });
  it('keeps configuration deletes apart from data deletes', () => {
    assert.equal(classify('aws s3api delete-bucket-policy --bucket b').effect, 'write');
    assert.equal(classify('aws ec2 delete-tags --resources i-1 --tags Key=a').effect, 'write');
    assert.equal(classify('aws iam delete-policy --policy-arn arn:aws:iam::1:policy/p').effect, 'destroy');
    assert.equal(classify('aws cognito-idp admin-delete-user --user-pool-id p --username u').effect, 'destroy');
    assert.equal(classify('aws cognito-idp admin-get-user --user-pool-id p --username u').effect, 'read');
  });
  it('classifies SQL sent to query services', () => {
    assert.equal(classify("aws athena start-query-execution --query-string SELECT").effect, 'read');
    assert.equal(classify('aws rds-data execute-statement --sql TRUNCATE').effect, 'destroy');
    assert.equal(classify('aws athena start-query-execution --work-group primary').effect, 'write');
  });
  it('drops targets from local-only work', () => {
    const f = classify('aws eks update-kubeconfig --name prod --profile prod');
    assert.equal(f.scope, 'local');
    assert.equal(f.targets, undefined);
  });
  it('ties awslocal to LocalStack', () => {
    const f = classify('awslocal s3 rb s3://test --force', { AWS_PROFILE: 'prod' });
    assert.equal(f.effect, 'destroy');
    assert.ok(has(f, 'aws-profile', 'localstack'));
    assert.ok(!has(f, 'aws-profile', 'prod'));
  });
});

describe('gcloud, gsutil and bq packs', () => {
  it('finds the verb after the group, even when the group is named like a verb', () => {
    assert.equal(classify('gcloud deploy releases list --delivery-pipeline api').effect, 'read');
    assert.equal(classify('gcloud deploy apply --file x.yaml').effect, 'write');
    assert.equal(classify('gcloud run deploy api --image x').effect, 'write');
    assert.equal(classify('gcloud run services delete api').effect, 'destroy');
    assert.equal(classify('gcloud workflows run wf').effect, 'write');
    assert.equal(classify('gcloud logging logs delete my-log').effect, 'destroy');
    assert.equal(classify('gcloud beta sql instances delete db').effect, 'destroy');
  });
  it('reads the project from flags, variables, operands and service accounts', () => {
    assert.ok(has(classify('gcloud sql instances list --project acme-prod'), 'gcp-project', 'acme-prod'));
    assert.ok(has(classify('gcloud sql instances list', { CLOUDSDK_CORE_PROJECT: 'p1' }), 'gcp-project', 'p1'));
    assert.ok(has(classify('gcloud projects delete p2'), 'gcp-project', 'p2'));
    assert.ok(has(classify('gcloud iam service-accounts keys create k.json --iam-account ci@p3-prod.iam.gserviceaccount.com'), 'gcp-project', 'p3-prod'));
  });
  it('does not let the active project decide for bucket URLs', () => {
    assert.deepEqual(classify('gcloud storage rm gs://b/o').ambient, []);
    assert.deepEqual(classify('gsutil rm gs://b/o').ambient, []);
    assert.deepEqual(classify('gcloud sql instances delete db').ambient, ['gcp-project']);
  });
  it('parses gsutil options per command', () => {
    assert.equal(classify('gsutil cp -p ./a gs://b/a').effect, 'write');
    assert.equal(classify('gsutil cp -p gs://b/a ./a').effect, 'read');
    assert.equal(classify('gsutil -h Cache-Control:no-cache cp ./a gs://b/a').effect, 'write');
    assert.equal(classify('gsutil -u billing-proj rm -a gs://b/a').effect, 'destroy');
    assert.equal(classify('gsutil rsync -n -d ./a gs://b').effect, 'read');
  });
  it('reads BigQuery projects from qualified names', () => {
    assert.ok(has(classify('bq rm -f -t p1:ds.t'), 'gcp-project', 'p1'));
    assert.ok(has(classify('bq query --nouse_legacy_sql SELECT * FROM `p2-prod.ds.t`'), 'gcp-project', 'p2-prod'));
  });
});

describe('az pack', () => {
  it('takes the command path up to the first option, after leading global options', () => {
    assert.equal(classify('az --only-show-errors group delete -n rg -y').ruleId, 'az.group.delete');
    assert.equal(classify('az --subscription s1 vm list').effect, 'read');
  });
  it('reads subscription and resource group from resource IDs and ARM URLs', () => {
    const f = classify('az vm delete --ids /subscriptions/s1/resourceGroups/rg-a/providers/Microsoft.Compute/virtualMachines/vm1 /subscriptions/s2/resourceGroups/rg-b/providers/Microsoft.Compute/virtualMachines/vm2 --yes');
    assert.ok(has(f, 'azure-subscription', 's1') && has(f, 'azure-subscription', 's2'));
    assert.ok(has(f, 'azure-resource-group', 'rg-a') && has(f, 'azure-resource-group', 'rg-b'));
    assert.ok(has(f, 'resource', 'vm2'));
    const rest = classify('az rest --method delete --url https://management.azure.com/subscriptions/s3/resourceGroups/rg-c?api-version=1');
    assert.equal(rest.effect, 'destroy');
    assert.ok(has(rest, 'azure-resource-group', 'rg-c'));
  });
  it('knows which list and show commands print credentials', () => {
    assert.equal(classify('az storage account keys list -n a').scope, 'secret');
    assert.equal(classify('az acr credential show -n r').scope, 'secret');
    assert.equal(classify('az keyvault key list --vault-name v').scope, 'infra');
    assert.equal(classify('az keyvault secret list --vault-name v').scope, 'infra');
  });
});

describe('doctl pack', () => {
  it('resolves group and verb aliases level by level', () => {
    assert.equal(classify('doctl compute d rm 1').ruleId, 'doctl.compute.droplet-delete');
    assert.equal(classify('doctl compute droplet d 1').ruleId, 'doctl.compute.droplet-delete');
    assert.equal(classify('doctl k8s c d c1').ruleId, 'doctl.kubernetes.cluster-delete');
    assert.equal(classify('doctl db u ls id').scope, 'secret');
    assert.equal(classify('doctl k c cfg save c1').scope, 'local');
    assert.equal(classify('doctl db ls').effect, 'read');
  });
});
