import type { Effect, Finding, Invocation, TargetHint } from '../model';
import { hintsFromValue } from '../targets/hints';
import { parseArgs } from './args';
import { stageHints } from './cloud-common';
import { stageHintsFromPath } from './iac-hints';
import type { Pack } from './pack';

/**
 * Message brokers: Kafka's tools, RabbitMQ's rabbitmqctl and rabbitmqadmin, and the NATS CLI.
 * Deleting topics, streams and queues, purging them, and deleting a consumer group's offsets
 * lose messages for good; publishing and resetting offsets change what consumers see.
 */

/** Brokers and nodes: `host:port` lists, URLs, `rabbit@host`. */
function brokerHints(values: readonly (string | undefined)[], source: string): TargetHint[] {
  const hints: TargetHint[] = [];
  for (const list of values) {
    if (!list) continue;
    for (const item of list.split(',')) {
      const value = item.trim();
      if (!value) continue;
      if (value.includes('://')) hints.push(...hintsFromValue(value, source));
      else {
        const host = /^(?:[^@\s]+@)?(\[[^\]]+\]|[A-Za-z0-9][A-Za-z0-9.-]*)(?::\d+)?$/.exec(value)?.[1];
        if (host) hints.push({ kind: 'host', value: host.replace(/^\[|\]$/g, '').toLowerCase(), source });
      }
      stageHints(value, source, hints);
    }
  }
  return hints;
}

const infra = (id: string, rule: string, effect: Effect, reason: string, targets: readonly TargetHint[]): Finding =>
  ({ ruleId: `${id}.${rule}`, effect, scope: 'infra', reason, targets });
const help = (id: string): Finding => ({ ruleId: `${id}.help`, effect: 'read', scope: 'local', reason: `shows ${id} usage` });

// ---------------------------------------------------------------------------------------------
// Kafka: every tool takes its action as a flag (`--delete`, `--alter`), `.sh` or not.

const kafkaValued = new Set([
  '--bootstrap-server', '--zookeeper', '--command-config', '--admin.config', '--topic', '--group', '--partitions', '--replication-factor',
  '--config', '--add-config', '--delete-config', '--entity-type', '--entity-name', '--to-offset', '--to-datetime', '--by-duration',
  '--shift-by', '--from-file', '--to-earliest', '--offset-json-file', '--reassignment-json-file', '--topics-to-move-json-file',
  '--broker-list', '--timeout', '--max-messages', '--property', '--producer.config', '--consumer.config', '--partition', '--offset',
  '--formatter', '--allow-principal', '--deny-principal', '--operation', '--resource-pattern-type', '--transactional-id',
  '--bootstrap-controller', '--election-type', '--path-to-json-file', '--throttle',
]);

function kafka(inv: Invocation): Finding {
  const tool = inv.program.replace(/\.sh$/, '').replace(/^kafka-/, '');
  const a = parseArgs(inv.args, kafkaValued);
  const targets = [
    ...brokerHints(a.values('--bootstrap-server', '--broker-list', '--bootstrap-controller', '--zookeeper'), 'broker'),
    ...a.values('--command-config', '--admin.config', '--producer.config', '--consumer.config').flatMap((p) => stageHintsFromPath(p, 'client config')),
  ];
  for (const topic of a.values('--topic', '--group', '--entity-name')) stageHints(topic, 'topic or group', targets);
  const f = (rule: string, effect: Effect, reason: string) => infra(`kafka-${tool}`, rule, effect, reason, targets);
  if (a.has('--help', '-h') || inv.args.length === 0) return help(inv.program);
  if (a.has('--version')) return help(inv.program);
  switch (tool) {
    case 'topics':
      if (a.has('--delete')) return f('delete', 'destroy', 'deletes topics and every message in them');
      if (a.has('--create', '--alter')) return f('write', 'write', a.has('--create') ? 'creates a topic' : 'changes a topic\'s partitions or configuration');
      return f('read', 'read', 'lists or describes topics; changes nothing');
    case 'consumer-groups':
      if (a.has('--delete-offsets')) return f('delete-offsets', 'destroy', 'deletes a consumer group\'s committed offsets');
      if (a.has('--delete')) return f('delete', 'destroy', 'deletes consumer groups and their committed offsets');
      // Without --execute, --reset-offsets only prints the plan (--dry-run is the default).
      if (a.has('--reset-offsets')) {
        return a.has('--execute') ? f('reset-offsets', 'write', 'moves a consumer group\'s offsets: its consumers skip or replay messages')
          : f('reset-offsets-plan', 'read', 'prints the offsets a reset would set; without --execute nothing changes');
      }
      return f('read', 'read', 'lists or describes consumer groups; changes nothing');
    case 'delete-records':
      return f('delete-records', 'destroy', 'deletes every message before the given offsets');
    case 'configs':
      if (a.has('--alter')) {
        const config = a.values('--add-config').join(',');
        return /retention\.(?:ms|bytes)|cleanup\.policy/.test(config)
          ? f('alter-retention', 'destroy', 'changes retention or cleanup, which deletes the messages past it')
          : f('alter', 'write', 'changes broker, topic or client configuration');
      }
      return f('read', 'read', 'describes configuration; changes nothing');
    case 'acls':
      return a.has('--add', '--remove') ? f('acls', 'write', 'changes who may use topics and groups') : f('read', 'read', 'lists ACLs; changes nothing');
    case 'console-producer': case 'verifiable-producer': case 'producer-perf-test':
      return f('produce', 'write', 'publishes messages that consumers act on');
    case 'console-consumer': case 'verifiable-consumer': case 'consumer-perf-test': case 'get-offsets': case 'log-dirs': case 'broker-api-versions':
    case 'dump-log': case 'metadata-quorum': case 'cluster':
      return f('read', 'read', 'reads messages or cluster state; changes nothing');
    case 'reassign-partitions': case 'leader-election': case 'preferred-replica-election':
      return a.has('--execute', '--cancel') || tool !== 'reassign-partitions' ? f('rebalance', 'write', 'moves partitions or leaders between brokers') : f('read', 'read', 'plans or verifies a reassignment');
    case 'storage':
      return inv.args.includes('format') ? { ruleId: 'kafka-storage.format', effect: 'destroy', scope: 'local', reason: 'formats Kafka log directories on this machine' } : help(inv.program);
    default:
      return f('other', 'write', `runs ${inv.program}, which Bulkhead treats as a change to the cluster`);
  }
}

const kafkaTools = ['topics', 'consumer-groups', 'delete-records', 'configs', 'acls', 'console-producer', 'console-consumer', 'verifiable-producer',
  'verifiable-consumer', 'producer-perf-test', 'consumer-perf-test', 'get-offsets', 'log-dirs', 'broker-api-versions', 'dump-log',
  'metadata-quorum', 'cluster', 'reassign-partitions', 'leader-election', 'preferred-replica-election', 'storage', 'features', 'transactions',
  'replica-verification', 'streams-application-reset', 'delegation-tokens', 'e2e-latency', 'client-metrics', 'groups', 'share-groups'];

// ---------------------------------------------------------------------------------------------
// RabbitMQ

const rabbitDestroys = new Set(['delete_queue', 'purge_queue', 'delete_vhost', 'reset', 'force_reset', 'forget_cluster_node', 'delete_shovel',
  'clear_policy', 'delete_stream', 'delete_exchange']);
const rabbitReads = /^(?:list_|status$|cluster_status$|environment$|report$|ping$|node_health_check$|await_startup$|version$|help$|eval$|list$|show$)/;

function rabbitmqctl(inv: Invocation): Finding {
  const a = parseArgs(inv.args, new Set(['-n', '--node', '-p', '--vhost', '-t', '--timeout', '--longnames']));
  const [command] = a.positionals;
  const targets = brokerHints([a.value('-n', '--node') ?? inv.env.RABBITMQ_NODENAME], 'node');
  if (command === undefined || a.has('--help', '-h') || command === 'help') return help('rabbitmqctl');
  if (command === 'eval') return infra('rabbitmqctl', 'eval', 'unknown', 'evaluates Erlang code on the node, which can do anything', targets);
  if (rabbitDestroys.has(command)) return infra('rabbitmqctl', command, 'destroy', `runs ${command}: messages, queues or the node's data are lost`, targets);
  if (rabbitReads.test(command)) return infra('rabbitmqctl', 'read', 'read', `reads the broker (${command}); changes nothing`, targets);
  return infra('rabbitmqctl', 'write', 'write', `changes the broker (${command})`, targets);
}

function rabbitmqadmin(inv: Invocation): Finding {
  const a = parseArgs(inv.args, new Set(['-H', '--host', '-P', '--port', '-V', '--vhost', '-u', '--username', '-p', '--password', '-N', '--node',
    '-c', '--config', '-f', '--format', '--path-prefix', '-U', '--base-uri']));
  const [verb, noun] = a.positionals;
  const targets = brokerHints([a.value('-H', '--host'), a.value('-U', '--base-uri'), a.value('-N', '--node')], 'host');
  if (verb === undefined || a.has('--help') || verb === 'help') return help('rabbitmqadmin');
  if (verb === 'delete' || verb === 'purge' || verb === 'close') {
    const effect: Effect = verb === 'close' ? 'write' : 'destroy';
    return infra('rabbitmqadmin', verb, effect, `${verb === 'purge' ? 'deletes every message in' : verb === 'close' ? 'closes' : 'deletes'} ${noun ?? 'an object'}`, targets);
  }
  if (verb === 'list' || verb === 'show' || verb === 'export' || verb === 'get') {
    // `get` takes messages off the queue unless told to requeue them.
    if (verb === 'get' && /ackmode=(?:ack_requeue_false|reject_requeue_false)|requeue=false/.test(inv.args.join(' '))) {
      return infra('rabbitmqadmin', 'get-ack', 'write', 'takes messages off the queue', targets);
    }
    return infra('rabbitmqadmin', 'read', 'read', `reads the broker (${verb} ${noun ?? ''}); changes nothing`.replace(' )', ')'), targets);
  }
  return infra('rabbitmqadmin', 'write', 'write', `changes the broker (${verb} ${noun ?? ''})`.replace(' )', ')'), targets);
}

// ---------------------------------------------------------------------------------------------
// NATS: `nats stream rm`, `nats kv del`, `nats pub`; --server, $NATS_URL and --context say where.

const natsDestroyVerbs = new Set(['rm', 'delete', 'del', 'purge', 'rmm']);
const natsReadVerbs = new Set(['ls', 'list', 'info', 'report', 'view', 'get', 'history', 'status', 'watch', 'keys', 'find', 'graph', 'subjects', 'state']);

function nats(inv: Invocation): Finding {
  const a = parseArgs(inv.args, new Set(['-s', '--server', '--context', '--creds', '--nkey', '--tlscert', '--tlskey', '--tlsca', '--user', '--password',
    '--timeout', '--js-domain', '--count', '--subject', '--config', '--queue', '--reply', '-H', '--header']));
  const [group, verb] = a.positionals;
  const targets = brokerHints([a.value('-s', '--server') ?? inv.env.NATS_URL], 'server');
  const context = a.value('--context') ?? inv.env.NATS_CONTEXT;
  if (context) targets.push({ kind: 'stage', value: context, source: 'nats context' });
  const f = (rule: string, effect: Effect, reason: string) => infra('nats', rule, effect, reason, targets);
  if (group === undefined || a.has('--help', '-h') || group === 'help') return help('nats');
  if (group === 'context' || group === 'completion' || group === 'cheat' || group === 'schema') {
    return { ruleId: 'nats.local', effect: 'write', scope: 'local', reason: `changes or shows the NATS CLI's settings (${group})` };
  }
  if (group === 'pub' || group === 'publish' || group === 'req' || group === 'request') return f('publish', 'write', 'publishes a message that subscribers act on');
  if (group === 'sub' || group === 'subscribe' || group === 'rtt' || group === 'latency' || group === 'server' && verb !== 'request') {
    return f('read', 'read', `reads from the server (${group}); changes nothing`);
  }
  if (verb !== undefined && natsDestroyVerbs.has(verb)) {
    return f(`${group}-${verb}`, 'destroy', verb === 'purge' ? `deletes every message in the ${group}` : `deletes a ${group}${group === 'kv' || group === 'object' ? ' entry or bucket' : ''} and its data`);
  }
  if (verb === undefined || natsReadVerbs.has(verb)) return f('read', 'read', `reads ${group}s; changes nothing`);
  return f('write', 'write', `changes ${group}s (${group} ${verb})`);
}

export const messagingPacks: readonly Pack[] = [
  { id: 'kafka', programs: kafkaTools.flatMap((t) => [`kafka-${t}`, `kafka-${t}.sh`]), targetKinds: ['host', 'stage'], classify: kafka },
  { id: 'rabbitmqctl', programs: ['rabbitmqctl'], targetKinds: ['host', 'stage'], classify: rabbitmqctl },
  { id: 'rabbitmqadmin', programs: ['rabbitmqadmin'], targetKinds: ['host', 'stage'], classify: rabbitmqadmin },
  { id: 'nats', programs: ['nats'], targetKinds: ['host', 'stage'], classify: nats },
];
