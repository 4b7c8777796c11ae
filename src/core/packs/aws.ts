import type { Finding, Invocation, TargetHint } from '../model';
import { classifySql } from '../sql/classify';
import { hintsFromUrl, hintsFromValue } from '../targets/hints';
import type { ParsedArgs } from './args';
import { awsAccountInName, flagOn, resourceHints, stageHints, startsWithAny } from './cloud-common';
import { objectStoresOf } from './databaseTargets';
import { definePack, localWorkUntargeted, mapFindings, type Pack } from './pack';
import { destroy, local, read, secret, type Verdict, write } from './verdict';

/**
 * The AWS CLI: `aws [global options] <service> <operation> [parameters]`. Operations follow the
 * API's verb naming, so most are classified by prefix (describe-/list-/get- read, delete- destroys);
 * the table below overrides the prefix where the meaning differs (an SQS `delete-message` is an
 * acknowledgement, a KMS `schedule-key-deletion` destroys a key, `get-secret-value` reveals a secret).
 * `aws s3` (the high-level file commands) and `aws configure` have their own shapes.
 */

const packId = 'aws';

/** Global options that take a value (from `aws help`). Every other global option is a switch. */
const globalValued = [
  '--profile', '--region', '--endpoint-url', '--output', '--query', '--color', '--ca-bundle', '--cli-read-timeout',
  '--cli-connect-timeout', '--cli-binary-format',
];
const globalValuedSet: ReadonlySet<string> = new Set(globalValued);

/** Options of `aws s3 cp/mv/sync/rm/ls/...` that take a value, so the paths are found. */
const s3Valued = [
  '--include', '--exclude', '--acl', '--grants', '--sse', '--sse-c', '--sse-c-key', '--sse-kms-key-id',
  '--sse-c-copy-source', '--sse-c-copy-source-key', '--storage-class', '--website-redirect', '--content-type',
  '--cache-control', '--content-disposition', '--content-encoding', '--content-language', '--expires', '--source-region',
  '--page-size', '--metadata', '--metadata-directive', '--expected-size', '--copy-props', '--checksum-algorithm',
  '--checksum-mode', '--expires-in', '--index-document', '--error-document', '--request-payer', '--bucket-name-prefix',
  '--bucket-region', '--case-conflict',
];

/** Parameters whose value names the resource acted on. */
const resourceFlags = [
  '--db-instance-identifier', '--db-cluster-identifier', '--db-snapshot-identifier', '--db-cluster-snapshot-identifier',
  '--table-name', '--bucket', '--cluster', '--cluster-name', '--function-name', '--stack-name', '--secret-id', '--name',
  '--names', '--path', '--repository-name', '--log-group-name', '--replication-group-id', '--cache-cluster-id',
  '--backup-vault-name', '--service', '--services', '--nodegroup-name', '--topic-arn', '--queue-name', '--key-id',
  '--state-machine-arn', '--user-name', '--role-name', '--policy-arn', '--file-system-id', '--domain-name',
  '--load-balancer-arn', '--auto-scaling-group-name', '--recovery-point-arn', '--resource-arn', '--hosted-zone-id',
  '--global-cluster-identifier', '--serverless-cache-name', '--workgroup', '--work-group', '--database', '--secret-arn',
];
const queueFlags = ['--queue-url'];
const sqlFlags = ['--query-string', '--sql', '--statement'];

const valuedFlags: ReadonlySet<string> = new Set([...globalValued, ...s3Valued, ...resourceFlags, ...queueFlags, ...sqlFlags]);

type Entry = Verdict | ((args: ParsedArgs) => Verdict);


const decrypting = (rule: string, what: string): Entry => (a) =>
  flagOn(a, '--with-decryption')
    ? secret(rule, `reads ${what} decrypted from SSM Parameter Store`)
    : read(rule, `reads ${what} from SSM Parameter Store (SecureString values stay encrypted)`);

/** A statement sent to a query service (Athena, the RDS and Redshift Data APIs, DynamoDB PartiQL). */
const sqlStatement = (rule: string, service: string): Entry => (a) => {
  const sql = a.value(...sqlFlags);
  if (sql === undefined) return write(rule, `runs a ${service} statement Bulkhead cannot read`);
  const { effect, reason } = classifySql(sql);
  return { rule, effect, reason: `runs ${service} SQL: ${reason}`, targets: objectStoresOf(sql) };
};

/** Operations whose meaning differs from what their verb prefix says, or that deserve their own words. */
const operations: Readonly<Record<string, Entry>> = {
  // RDS
  'rds delete-db-instance': (a) => destroy('rds.delete-db-instance', flagOn(a, '--skip-final-snapshot')
    ? 'deletes an RDS database instance without taking a final snapshot'
    : 'deletes an RDS database instance'),
  'rds delete-db-cluster': (a) => destroy('rds.delete-db-cluster', flagOn(a, '--skip-final-snapshot')
    ? 'deletes an RDS/Aurora database cluster without taking a final snapshot'
    : 'deletes an RDS/Aurora database cluster'),
  'rds delete-db-snapshot': destroy('rds.delete-snapshot', 'deletes an RDS database snapshot (a backup)'),
  'rds delete-db-cluster-snapshot': destroy('rds.delete-snapshot', 'deletes an RDS cluster snapshot (a backup)'),
  'rds delete-db-instance-automated-backup': destroy('rds.delete-backup', 'deletes the automated backups of an RDS instance'),
  'rds delete-db-cluster-automated-backup': destroy('rds.delete-backup', 'deletes the automated backups of an RDS cluster'),
  'rds modify-db-instance': (a) => write('rds.modify', flagOn(a, '--apply-immediately')
    ? 'modifies an RDS database instance and applies the change immediately (it may restart)'
    : 'modifies an RDS database instance'),
  'rds modify-db-cluster': (a) => write('rds.modify', flagOn(a, '--apply-immediately')
    ? 'modifies an RDS database cluster and applies the change immediately'
    : 'modifies an RDS database cluster'),
  'rds reboot-db-instance': write('rds.reboot', 'reboots an RDS database instance'),
  'rds reboot-db-cluster': write('rds.reboot', 'reboots an RDS database cluster'),
  'rds generate-db-auth-token': secret('rds.auth-token', 'creates an IAM login token for an RDS database'),
  'rds download-db-log-file-portion': read('rds.read', 'reads an RDS log file'),
  'rds-data execute-statement': sqlStatement('rds-data.execute', 'RDS Data API'),
  'redshift-data execute-statement': sqlStatement('redshift-data.execute', 'Redshift'),
  'redshift get-cluster-credentials': secret('redshift.credentials', 'creates temporary Redshift database credentials'),
  'redshift get-cluster-credentials-with-iam': secret('redshift.credentials', 'creates temporary Redshift database credentials'),
  'redshift-serverless get-credentials': secret('redshift.credentials', 'creates temporary Redshift database credentials'),
  'athena start-query-execution': sqlStatement('athena.query', 'Athena'),
  // EC2
  'ec2 terminate-instances': destroy('ec2.terminate', 'terminates EC2 instances (their instance-store and delete-on-termination volumes are lost)'),
  'ec2 delete-volume': destroy('ec2.delete-volume', 'deletes an EBS volume and its data'),
  'ec2 delete-snapshot': destroy('ec2.delete-snapshot', 'deletes an EBS snapshot (a backup)'),
  'ec2 deregister-image': destroy('ec2.deregister-image', 'deregisters an AMI, which can no longer be launched'),
  'ec2 get-password-data': secret('ec2.password', 'reads the encrypted Windows administrator password of an instance'),
  'ec2 stop-instances': write('ec2.stop', 'stops EC2 instances'),
  'ec2 reboot-instances': write('ec2.reboot', 'reboots EC2 instances'),
  // ECS / EKS / ECR
  'ecs update-service': write('ecs.update-service', 'updates an ECS service (deploys, scales or reconfigures its tasks)'),
  'ecs delete-service': destroy('ecs.delete-service', 'deletes an ECS service'),
  'ecs delete-cluster': destroy('ecs.delete-cluster', 'deletes an ECS cluster'),
  'ecs execute-command': write('ecs.execute-command', 'runs a command inside a running ECS task'),
  'ecs deregister-task-definition': write('ecs.deregister', 'marks an ECS task definition inactive'),
  'eks delete-cluster': destroy('eks.delete-cluster', 'deletes an EKS cluster'),
  'eks delete-nodegroup': destroy('eks.delete-nodegroup', 'deletes an EKS node group and its nodes'),
  'eks update-kubeconfig': local('eks.update-kubeconfig', 'write', 'writes an EKS cluster into the local kubeconfig'),
  'eks get-token': secret('eks.token', 'creates a bearer token for an EKS cluster'),
  'ecr get-login-password': secret('ecr.login', 'creates a container registry password'),
  'ecr get-login': secret('ecr.login', 'creates a container registry login command with a password'),
  'ecr get-authorization-token': secret('ecr.login', 'creates a container registry authorization token'),
  'ecr batch-delete-image': destroy('ecr.delete-image', 'deletes container images from ECR'),
  'ecr delete-repository': (a) => destroy('ecr.delete-repository', flagOn(a, '--force')
    ? 'deletes an ECR repository and every image in it'
    : 'deletes an ECR repository'),
  // Lambda
  'lambda update-function-code': write('lambda.deploy', 'deploys new code to a Lambda function'),
  'lambda update-function-configuration': write('lambda.configure', 'changes the configuration of a Lambda function'),
  'lambda delete-function': destroy('lambda.delete-function', 'deletes a Lambda function'),
  'lambda invoke': write('lambda.invoke', 'invokes a Lambda function, which may change whatever it touches'),
  'lambda invoke-async': write('lambda.invoke', 'invokes a Lambda function, which may change whatever it touches'),
  // DynamoDB
  'dynamodb delete-table': destroy('dynamodb.delete-table', 'deletes a DynamoDB table and all its items'),
  'dynamodb delete-backup': destroy('dynamodb.delete-backup', 'deletes a DynamoDB backup'),
  'dynamodb delete-item': write('dynamodb.delete-item', 'deletes one DynamoDB item by its key'),
  'dynamodb batch-write-item': write('dynamodb.batch-write', 'writes or deletes a batch of DynamoDB items'),
  'dynamodb execute-statement': sqlStatement('dynamodb.partiql', 'DynamoDB PartiQL'),
  // CloudFormation
  'cloudformation deploy': (a) => flagOn(a, '--no-execute-changeset')
    ? read('cloudformation.plan', 'creates a change set for review without executing it')
    : write('cloudformation.deploy', 'deploys a CloudFormation stack'),
  'cloudformation create-change-set': read('cloudformation.plan', 'creates a change set for review; nothing changes until it is executed'),
  'cloudformation execute-change-set': write('cloudformation.deploy', 'executes a CloudFormation change set'),
  'cloudformation delete-change-set': write('cloudformation.plan', 'deletes a CloudFormation change set that was never executed'),
  'cloudformation delete-stack': destroy('cloudformation.delete-stack', 'deletes a CloudFormation stack and the resources it manages'),
  'cloudformation delete-stack-set': destroy('cloudformation.delete-stack', 'deletes a CloudFormation stack set'),
  'cloudformation delete-stack-instances': destroy('cloudformation.delete-stack', 'deletes CloudFormation stack instances and their resources'),
  'cloudformation package': write('cloudformation.package', 'uploads local artifacts to S3 for a CloudFormation deployment'),
  // IAM / STS / KMS / secrets
  'iam create-access-key': write('iam.create-access-key', 'creates a new long-lived access key for an IAM user'),
  'iam attach-role-policy': write('iam.attach-policy', 'grants a managed policy to an IAM role'),
  'iam attach-user-policy': write('iam.attach-policy', 'grants a managed policy to an IAM user'),
  'iam delete-policy': destroy('iam.delete-policy', 'deletes an IAM managed policy'),
  'codeartifact get-authorization-token': secret('codeartifact.token', 'creates a package repository token'),
  'codeartifact login': local('codeartifact.login', 'write', 'configures a local package manager with a CodeArtifact token'),
  'ecr-public get-login-password': secret('ecr.login', 'creates a container registry password'),
  'ecr-public get-authorization-token': secret('ecr.login', 'creates a container registry authorization token'),
  'sso get-role-credentials': secret('sts.credentials', 'creates temporary credentials for an SSO role'),
  'cognito-identity get-credentials-for-identity': secret('sts.credentials', 'creates temporary credentials for an identity'),
  'lightsail get-instance-access-details': secret('lightsail.access', 'prints SSH credentials for a Lightsail instance'),
  'lightsail get-relational-database-master-user-password': secret('lightsail.password', 'prints a database master password'),
  'bedrock-runtime invoke-model': read('bedrock.invoke', 'runs a model prompt (no resource changes)'),
  'bedrock-runtime converse': read('bedrock.invoke', 'runs a model prompt (no resource changes)'),
  'sts assume-role': secret('sts.credentials', 'creates temporary credentials for an IAM role'),
  'sts assume-role-with-web-identity': secret('sts.credentials', 'creates temporary credentials for an IAM role'),
  'sts assume-role-with-saml': secret('sts.credentials', 'creates temporary credentials for an IAM role'),
  'sts get-session-token': secret('sts.credentials', 'creates temporary session credentials'),
  'sts get-federation-token': secret('sts.credentials', 'creates temporary federated credentials'),
  'secretsmanager get-secret-value': secret('secretsmanager.get-secret-value', 'reads the value of a secret from Secrets Manager'),
  'secretsmanager batch-get-secret-value': secret('secretsmanager.get-secret-value', 'reads the values of secrets from Secrets Manager'),
  'secretsmanager delete-secret': (a) => destroy('secretsmanager.delete-secret', flagOn(a, '--force-delete-without-recovery')
    ? 'deletes a secret immediately, with no recovery window'
    : 'schedules a secret for deletion'),
  'secretsmanager get-random-password': read('secretsmanager.random', 'generates a random password (no stored secret is read)'),
  'ssm get-parameter': decrypting('ssm.get-parameter', 'a parameter'),
  'ssm get-parameters': decrypting('ssm.get-parameter', 'parameters'),
  'ssm get-parameters-by-path': decrypting('ssm.get-parameter', 'a tree of parameters'),
  'ssm get-parameter-history': decrypting('ssm.get-parameter', 'the history of a parameter'),
  'ssm delete-parameter': destroy('ssm.delete-parameter', 'deletes an SSM parameter'),
  'ssm delete-parameters': destroy('ssm.delete-parameter', 'deletes SSM parameters'),
  'ssm send-command': write('ssm.send-command', 'runs shell commands on managed instances'),
  'ssm start-session': write('ssm.start-session', 'opens a shell on a managed instance'),
  'kms schedule-key-deletion': destroy('kms.schedule-key-deletion', 'schedules a KMS key for deletion; everything encrypted with it becomes unreadable'),
  'kms decrypt': secret('kms.decrypt', 'decrypts data with a KMS key'),
  'kms encrypt': read('kms.crypto', 'encrypts data with a KMS key'),
  'kms re-encrypt': read('kms.crypto', 're-encrypts data under another KMS key'),
  'kms sign': read('kms.crypto', 'signs data with a KMS key'),
  'kms verify': read('kms.crypto', 'verifies a signature with a KMS key'),
  'kms verify-mac': read('kms.crypto', 'verifies a MAC with a KMS key'),
  'kms disable-key': write('kms.disable-key', 'disables a KMS key (data encrypted with it cannot be read until it is re-enabled)'),
  'kms cancel-key-deletion': write('kms.cancel-deletion', 'cancels the scheduled deletion of a KMS key'),
  // Logs / DNS / caches / queues
  'logs delete-log-group': destroy('logs.delete', 'deletes a CloudWatch log group and its logs'),
  'logs delete-log-stream': destroy('logs.delete', 'deletes a CloudWatch log stream and its logs'),
  'logs put-retention-policy': write('logs.retention', 'changes how long CloudWatch keeps logs (older logs are deleted)'),
  'logs tail': read('logs.read', 'follows CloudWatch logs'),
  'logs start-query': read('logs.read', 'starts a CloudWatch Logs Insights query'),
  'logs stop-query': read('logs.read', 'stops a CloudWatch Logs Insights query'),
  'logs start-live-tail': read('logs.read', 'follows CloudWatch logs'),
  'route53 change-resource-record-sets': write('route53.change-records', 'changes DNS records'),
  'route53 delete-hosted-zone': destroy('route53.delete-zone', 'deletes a Route 53 hosted zone'),
  'elasticache reboot-cache-cluster': write('elasticache.reboot', 'reboots cache nodes (in-memory data may be lost)'),
  'sqs purge-queue': destroy('sqs.purge-queue', 'deletes every message in an SQS queue'),
  'sqs delete-queue': destroy('sqs.delete-queue', 'deletes an SQS queue and its messages'),
  'sqs delete-message': write('sqs.ack', 'acknowledges (deletes) one processed SQS message'),
  'sqs delete-message-batch': write('sqs.ack', 'acknowledges (deletes) processed SQS messages'),
  'sqs receive-message': read('sqs.receive', 'receives messages from an SQS queue'),
  'sns publish': write('sns.publish', 'publishes a message to an SNS topic (subscribers act on it)'),
  'sns delete-topic': destroy('sns.delete-topic', 'deletes an SNS topic and its subscriptions'),
  // Backups
  'backup delete-recovery-point': destroy('backup.delete-recovery-point', 'deletes an AWS Backup recovery point (a backup)'),
  'backup delete-backup-vault': destroy('backup.delete-vault', 'deletes an AWS Backup vault'),
  // A plan and its selections say what gets backed up from now on; the recovery points already taken stay.
  'backup delete-backup-plan': write('backup.delete-plan', 'deletes an AWS Backup plan; existing recovery points are kept'),
  'backup delete-backup-selection': write('backup.delete-selection', 'stops backing up a selection of resources; existing recovery points are kept'),
  // S3 API
  's3api delete-bucket': destroy('s3api.delete-bucket', 'deletes an S3 bucket'),
  's3api delete-object': destroy('s3api.delete-object', 'deletes an S3 object'),
  's3api delete-objects': destroy('s3api.delete-object', 'deletes S3 objects'),
  's3api put-bucket-policy': write('s3api.bucket-policy', 'replaces the access policy of an S3 bucket'),
  's3api put-bucket-versioning': write('s3api.versioning', 'changes the versioning of an S3 bucket'),
  's3api get-object': read('s3api.read', 'downloads an S3 object'),
  // Organisations
  'organizations close-account': destroy('organizations.close-account', 'closes an AWS account'),
  'organizations delete-organization': destroy('organizations.delete', 'deletes an AWS organization'),
};

const readPrefixes = [
  'describe-', 'list-', 'get-', 'head-', 'batch-get-', 'search-', 'lookup-', 'validate-', 'estimate-', 'preview-',
  'check-', 'simulate-', 'filter-', 'select-', 'detect-', 'download-', 'generate-', 'decode-', 'discover-', 'compare-',
  'test-dns-', 'transact-get-',
];
const readOperations: ReadonlySet<string> = new Set(['query', 'scan', 'wait', 'tail', 'help']);
const destroyPrefixes = ['delete-', 'terminate-', 'purge-', 'batch-delete-', 'destroy-', 'close-'];
/** `delete-` operations that remove configuration or acknowledge work, not data or infrastructure. */
const configDeleteSuffixes = ['-tags', '-tagging', '-policy', '-cors', '-lifecycle', '-lifecycle-configuration',
  '-website', '-encryption', '-replication', '-notification', '-configuration', '-public-access-block', '-alarms',
  '-ownership-controls', '-change-set', '-permission', '-subscription-filter', '-metric-filter', '-event-source-mapping'];

function byPrefix(service: string, operation: string): Verdict {
  // Cognito's admin-get-user / admin-delete-user: the verb follows `admin-`.
  const verb = operation.startsWith('admin-') ? operation.slice(6) : operation;
  if (readOperations.has(verb) || startsWithAny(verb, readPrefixes)) {
    return read('read', `reads ${service} (${operation})`);
  }
  if (startsWithAny(verb, destroyPrefixes)) {
    if (verb.startsWith('delete-') && configDeleteSuffixes.some((s) => verb.endsWith(s))) {
      return write('delete-config', `removes ${service} configuration (${operation})`);
    }
    return destroy('delete', `deletes ${service} resources (${operation})`);
  }
  return write('write', `changes ${service} resources (${operation})`);
}

interface Command {
  readonly service?: string;
  readonly operation?: string;
  /** Index in the arguments of the operation word. */
  readonly operationAt: number;
}

function findCommand(args: readonly string[]): Command {
  const words: string[] = [];
  let operationAt = -1;
  for (let i = 0; i < args.length && words.length < 2; i++) {
    const arg = args[i];
    if (arg.startsWith('-')) {
      if (globalValuedSet.has(arg)) i++;
      continue;
    }
    words.push(arg);
    if (words.length === 2) operationAt = i;
  }
  return { service: words[0], operation: words[1], operationAt };
}

/** Targets common to every AWS CLI invocation: profile, region, named resources, queue URLs, ARNs. */
function awsTargets(args: ParsedArgs, inv: Invocation): TargetHint[] {
  const hints: TargetHint[] = [];
  const profile = args.value('--profile');
  const envProfileName = inv.env.AWS_PROFILE ? 'AWS_PROFILE' : inv.env.AWS_DEFAULT_PROFILE ? 'AWS_DEFAULT_PROFILE' : undefined;
  if (profile) {
    hints.push({ kind: 'aws-profile', value: profile, source: '--profile flag' });
    stageHints(profile, '--profile flag', hints);
    awsAccountInName(profile, '--profile flag', hints);
  } else if (envProfileName) {
    const value = inv.env[envProfileName];
    hints.push({ kind: 'aws-profile', value, source: `$${envProfileName}` });
    stageHints(value, `$${envProfileName}`, hints);
    awsAccountInName(value, `$${envProfileName}`, hints);
  }
  const region = args.value('--region') ?? inv.env.AWS_REGION ?? inv.env.AWS_DEFAULT_REGION;
  if (region) hints.push({ kind: 'aws-region', value: region, source: args.value('--region') ? '--region flag' : 'region variable' });
  for (const flag of resourceFlags) {
    for (const value of args.values(flag)) {
      if (!value) continue;
      const derived = hintsFromValue(value, `${flag} flag`);
      if (derived.length > 0) hints.push(...derived);
      resourceHints(value, `${flag} flag`, hints);
    }
  }
  for (const url of args.values(...queueFlags)) queueHints(url, hints);
  // `aws logs tail /ecs/orders-prod`: the log group is an operand.
  if (args.positionals[0] === 'logs' && args.positionals[1] === 'tail') resourceHints(args.positionals[2], 'log group', hints);
  return hints;
}

const queueUrl = /^https?:\/\/sqs\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?\/(\d{12})\/([^/?#]+)/i;

/** `https://sqs.eu-west-1.amazonaws.com/111111111111/orders-prod` → account, region, queue name. */
function queueHints(url: string, into: TargetHint[]): void {
  into.push(...hintsFromUrl(url, '--queue-url flag'));
  const m = queueUrl.exec(url);
  if (!m) return;
  into.push({ kind: 'aws-region', value: m[1], source: '--queue-url flag' }, { kind: 'aws-account', value: m[2], source: '--queue-url flag' });
  resourceHints(m[3], '--queue-url flag', into);
}

/** `aws s3 …`: the high-level file commands. Direction decides: downloading reads, uploading writes. */
function s3Command(operation: string, paths: readonly string[], args: ParsedArgs): Verdict {
  const isRemote = (p: string | undefined): boolean => p !== undefined && p.startsWith('s3://');
  const source = paths[0];
  const destination = paths[1];
  const recursive = flagOn(args, '--recursive');
  switch (operation) {
    case 'ls':
      return read('s3.ls', 'lists S3 buckets or objects');
    case 'presign':
      return read('s3.presign', 'creates a pre-signed URL to download one S3 object');
    case 'mb':
      return write('s3.mb', 'creates an S3 bucket');
    case 'website':
      return write('s3.website', 'configures static website hosting on an S3 bucket');
    case 'rb':
      return destroy('s3.rb', flagOn(args, '--force')
        ? 'deletes an S3 bucket and every object in it'
        : 'deletes an (empty) S3 bucket');
    case 'rm':
      return destroy('s3.rm', recursive ? 'deletes every S3 object under a prefix' : 'deletes an S3 object');
    case 'cp':
    case 'sync':
    case 'mv': {
      if (destination !== undefined && !isRemote(destination) && isRemote(source)) {
        if (operation === 'sync' && flagOn(args, '--delete')) {
          return local('s3.sync-delete-local', 'destroy', `downloads from S3 and deletes the files in ${destination} that are missing from the bucket`);
        }
        return operation === 'mv'
          ? write('s3.mv', 'moves objects out of S3 to this machine (they are removed from the bucket)')
          : read(`s3.download`, 'downloads from S3 to this machine');
      }
      if (operation === 'sync' && flagOn(args, '--delete')) {
        return destroy('s3.sync-delete', 'syncs to S3 and deletes objects that are missing from the source');
      }
      if (operation === 'mv') return write('s3.mv', 'moves objects into or within S3');
      return write(`s3.${operation}`, operation === 'sync' ? 'syncs files to S3' : 'copies files to S3');
    }
    default:
      return write('s3.other', `runs aws s3 ${operation}, treated as a change`);
  }
}

const credentialSetting = /secret|session_token/i;

function configureCommand(sub: string | undefined, setting: string | undefined): Verdict {
  switch (sub) {
    case 'list':
    case 'list-profiles':
      return local('configure.read', 'read', 'shows the local AWS CLI configuration');
    case 'get':
      return setting !== undefined && credentialSetting.test(setting)
        ? secret('configure.get-secret', 'prints a stored AWS credential')
        : local('configure.read', 'read', 'shows a local AWS CLI setting');
    case 'export-credentials':
      return secret('configure.export-credentials', 'prints the AWS credentials of a profile');
    default:
      return local('configure.write', 'write', 'changes the local AWS CLI configuration or credentials');
  }
}

/** Every aws command is read through here: the operation names, not a subcommand tree, say what it does. */
function classify(args: ParsedArgs, inv: Invocation): Verdict {
  const { service, operation, operationAt } = findCommand(inv.args);
  const withService = (v: Verdict): Verdict => (v.rule.includes('.') || !service ? v : { ...v, rule: `${service}.${v.rule}` });

  if (!service) return local('bare', 'read', 'shows AWS CLI version or usage');
  if (operation === 'help' || inv.args[operationAt + 1] === 'help') return local('help', 'read', 'shows AWS CLI help');
  if (args.has('--generate-cli-skeleton')) return local('skeleton', 'read', 'prints a parameter skeleton without calling AWS');
  if (flagOn(args, '--dry-run', '--dryrun')) return withService(read('dry-run', 'a dry run checks permissions and changes nothing'));

  switch (service) {
    case 'configure':
      return withService(configureCommand(operation, args.positionals[2]));
    case 'sso':
    case 'login':
    case 'logout':
      return withService(local('login', 'write', 'signs in or out of AWS on this machine'));
    case 'history':
      return withService(local('history', 'read', 'shows the local AWS CLI command history'));
  }
  if (!operation) return withService(local('bare', 'read', `shows aws ${service} usage`));
  if (service === 's3') {
    const paths = args.positionals.slice(2);
    const verdict = withService(s3Command(operation, paths, args));
    // `cp`/`sync` from one bucket to another only reads the source: its environment is not where the change lands.
    const copiesFrom = (operation === 'cp' || operation === 'sync') && paths[0]?.startsWith('s3://') && paths[1]?.startsWith('s3://');
    return copiesFrom ? { ...verdict, readsFrom: [paths[0]] } : verdict;
  }

  const entry = operations[`${service} ${operation}`];
  if (entry) return withService(typeof entry === 'function' ? entry(args) : entry);
  return withService(byPrefix(service, operation));
}

export const awsPack: Pack = localWorkUntargeted(definePack({
  id: packId,
  programs: ['aws'],
  packages: ['awscli'],
  valueFlags: [...valuedFlags],
  targets: awsTargets,
  targetKinds: ['aws-account', 'aws-profile', 'aws-region', 'host', 'resource', 'stage'],
  ambient: ['aws-profile'],
  // aws ecs execute-command --cluster c --command "cmd": the command runs in that task's container.
  carries: [{
    sub: ['ecs execute-command'],
    valueFlags: new Set(['--profile', '--region', '--output', '--endpoint-url', '--query']),
    command: ['--command'],
    targetFlags: { '--cluster': 'resource', '--profile': 'aws-profile' },
    envTargets: { AWS_PROFILE: 'aws-profile' },
    runsIn: 'ecs task',
  }],
  classify,
  rules: [],
}));

/**
 * `awslocal` is LocalStack's wrapper: the same CLI pointed at a local endpoint. It names the local
 * host and the conventional `localstack` profile, which a policy lists under its local environment.
 */
function atLocalStack(finding: Finding): Finding {
  if (finding.scope === 'local') return finding;
  const localStack: TargetHint[] = [
    { kind: 'host', value: 'localhost', source: 'awslocal (LocalStack)' },
    { kind: 'aws-profile', value: 'localstack', source: 'awslocal (LocalStack)' },
  ];
  return { ...finding, targets: [...localStack, ...(finding.targets ?? []).filter((h) => h.kind !== 'aws-profile')], ambient: [] };
}

export const awsLocalPack: Pack = { id: 'awslocal', programs: ['awslocal'], targetKinds: awsPack.targetKinds, classify: mapFindings(awsPack, atLocalStack).classify };
