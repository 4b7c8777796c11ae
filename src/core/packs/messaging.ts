import type { Effect, Invocation, TargetHint } from '../model';
import { hintsFromValue } from '../targets/hints';
import type { ParsedArgs } from './args';
import { stageHints } from './cloud-common';
import { stageHintsFromPath } from './iac-hints';
import { definePack, localWorkUntargeted, type Pack } from './pack';
import { destroy, local, read, type Verdict, write } from './verdict';

/**
 * Message brokers: Kafka's tools and kcat, RabbitMQ's rabbitmqctl and rabbitmqadmin, and the NATS CLI.
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

const brokerTargetKinds = ['host', 'stage'];

// ---------------------------------------------------------------------------------------------
// Kafka: every tool takes its action as a flag (`--delete`, `--alter`), `.sh` or not.

const kafkaValued = [
  '--bootstrap-server', '--zookeeper', '--command-config', '--admin.config', '--topic', '--group', '--partitions', '--replication-factor',
  '--config', '--add-config', '--delete-config', '--entity-type', '--entity-name', '--to-offset', '--to-datetime', '--by-duration',
  '--shift-by', '--from-file', '--to-earliest', '--offset-json-file', '--reassignment-json-file', '--topics-to-move-json-file',
  '--broker-list', '--timeout', '--max-messages', '--property', '--producer.config', '--consumer.config', '--partition', '--offset',
  '--formatter', '--allow-principal', '--deny-principal', '--operation', '--resource-pattern-type', '--transactional-id',
  '--bootstrap-controller', '--election-type', '--path-to-json-file', '--throttle',
];

function kafkaTargets(a: ParsedArgs): TargetHint[] {
  const targets = [
    ...brokerHints(a.values('--bootstrap-server', '--broker-list', '--bootstrap-controller', '--zookeeper'), 'broker'),
    ...a.values('--command-config', '--admin.config', '--producer.config', '--consumer.config').flatMap((p) => stageHintsFromPath(p, 'client config')),
  ];
  for (const topic of a.values('--topic', '--group', '--entity-name')) stageHints(topic, 'topic or group', targets);
  return targets;
}

function kafka(tool: string, a: ParsedArgs, inv: Invocation): Verdict {
  const f = (rule: string, effect: Effect, reason: string): Verdict => ({ rule, effect, reason });
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
      return inv.args.includes('format') ? local('format', 'destroy', 'formats Kafka log directories on this machine') : local('help', 'read', `shows ${inv.program} usage`);
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

function rabbitmqctl(a: ParsedArgs): Verdict {
  const command = a.positionals[0] as string;
  if (command === 'eval') return { rule: 'eval', effect: 'unknown', reason: 'evaluates Erlang code on the node, which can do anything' };
  if (rabbitDestroys.has(command)) return destroy(command, `runs ${command}: messages, queues or the node's data are lost`);
  if (rabbitReads.test(command)) return read('read', `reads the broker (${command}); changes nothing`);
  return write('write', `changes the broker (${command})`);
}

function rabbitmqadmin(a: ParsedArgs, inv: Invocation): Verdict {
  const [verb, noun] = a.positionals;
  if (verb === 'delete' || verb === 'purge' || verb === 'close') {
    const effect: Effect = verb === 'close' ? 'write' : 'destroy';
    return { rule: verb, effect, reason: `${verb === 'purge' ? 'deletes every message in' : verb === 'close' ? 'closes' : 'deletes'} ${noun ?? 'an object'}` };
  }
  if (verb === 'list' || verb === 'show' || verb === 'export' || verb === 'get') {
    // `get` takes messages off the queue unless told to requeue them.
    if (verb === 'get' && /ackmode=(?:ack_requeue_false|reject_requeue_false)|requeue=false/.test(inv.args.join(' '))) {
      return write('get-ack', 'takes messages off the queue');
    }
    return read('read', `reads the broker (${verb} ${noun ?? ''}); changes nothing`.replace(' )', ')'));
  }
  return write('write', `changes the broker (${verb} ${noun ?? ''})`.replace(' )', ')'));
}

// ---------------------------------------------------------------------------------------------
// NATS: `nats stream rm`, `nats kv del`, `nats pub`; --server, $NATS_URL and --context say where.

const natsDestroyVerbs = new Set(['rm', 'delete', 'del', 'purge', 'rmm']);
const natsReadVerbs = new Set(['ls', 'list', 'info', 'report', 'view', 'get', 'history', 'status', 'watch', 'keys', 'find', 'graph', 'subjects', 'state']);

function natsTargets(a: ParsedArgs, inv: Invocation): TargetHint[] {
  const targets = brokerHints([a.value('-s', '--server') ?? inv.env.NATS_URL], 'server');
  const context = a.value('--context') ?? inv.env.NATS_CONTEXT;
  if (context) targets.push({ kind: 'stage', value: context, source: 'nats context' });
  return targets;
}

function nats(a: ParsedArgs): Verdict {
  const [group, verb] = a.positionals as [string, string | undefined];
  const f = (rule: string, effect: Effect, reason: string): Verdict => ({ rule, effect, reason });
  if (group === 'context' || group === 'completion' || group === 'cheat' || group === 'schema') {
    return local('local', 'write', `changes or shows the NATS CLI's settings (${group})`);
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

/** Help is a bare call, `help` or a help flag; local work (formatting a log directory, CLI settings) names no broker. */
const asksForHelp = (flags: readonly string[]) => (a: ParsedArgs): boolean => a.positionals.length === 0 || a.positionals[0] === 'help' || a.has(...flags);

const kafkaPacks = kafkaTools.map((tool) => localWorkUntargeted(definePack({
  id: `kafka-${tool}`,
  programs: [`kafka-${tool}`, `kafka-${tool}.sh`],
  targetKinds: brokerTargetKinds,
  valueFlags: kafkaValued,
  // Kafka's tools take their action as a flag (`--list`), so only a call without any asks for help.
  asksForHelp: (a, inv) => inv.args.length === 0 || a.has('--help', '-h', '--version'),
  targets: kafkaTargets,
  rules: [],
  classify: (a, inv) => kafka(tool, a, inv),
})));

/**
 * kcat (formerly kafkacat): the mode is a switch. `-P` produces messages, `-C` and `-G` consume,
 * `-L` and `-Q` list metadata and offsets. `-b` names the brokers; `-X` and `-F` configure the client.
 */
function kcat(a: ParsedArgs): Verdict {
  if (a.has('-P')) return write('produce', 'publishes messages to a topic: its consumers act on them');
  if (a.has('-C', '-G')) return read('consume', 'reads messages from a topic');
  if (a.has('-L', '-Q', '-J')) return read('metadata', 'lists brokers, topics, partitions or offsets');
  return read('read', 'reads from the brokers (consuming is the default)');
}

const kcatPack = definePack({
  id: 'kcat',
  programs: ['kcat', 'kafkacat'],
  targetKinds: brokerTargetKinds,
  valueFlags: ['-b', '-t', '-p', '-X', '-F', '-K', '-k', '-o', '-c', '-D', '-f', '-s', '-r', '-z', '-H', '-m', '-G'],
  readFlags: ['-V'],
  targets: (a) => [
    ...brokerHints(a.values('-b'), 'broker'),
    ...a.values('-F').flatMap((p) => stageHintsFromPath(p, 'client config')),
    ...a.values('-t').flatMap((topic) => {
      const hints: TargetHint[] = [];
      stageHints(topic, 'topic', hints);
      return hints;
    }),
  ],
  rules: [],
  classify: kcat,
});

export const messagingPacks: readonly Pack[] = [
  ...kafkaPacks,
  kcatPack,
  localWorkUntargeted(definePack({
    id: 'rabbitmqctl',
    programs: ['rabbitmqctl'],
    targetKinds: brokerTargetKinds,
    valueFlags: ['-n', '--node', '-p', '--vhost', '-t', '--timeout', '--longnames'],
    asksForHelp: asksForHelp(['--help', '-h']),
    targets: (a, inv) => brokerHints([a.value('-n', '--node') ?? inv.env.RABBITMQ_NODENAME], 'node'),
    rules: [],
    classify: rabbitmqctl,
  })),
  localWorkUntargeted(definePack({
    id: 'rabbitmqadmin',
    programs: ['rabbitmqadmin'],
    targetKinds: brokerTargetKinds,
    valueFlags: ['-H', '--host', '-P', '--port', '-V', '--vhost', '-u', '--username', '-p', '--password', '-N', '--node',
      '-c', '--config', '-f', '--format', '--path-prefix', '-U', '--base-uri'],
    asksForHelp: asksForHelp(['--help']),
    targets: (a) => brokerHints([a.value('-H', '--host'), a.value('-U', '--base-uri'), a.value('-N', '--node')], 'host'),
    rules: [],
    classify: rabbitmqadmin,
  })),
  localWorkUntargeted(definePack({
    id: 'nats',
    programs: ['nats'],
    targetKinds: brokerTargetKinds,
    valueFlags: ['-s', '--server', '--context', '--creds', '--nkey', '--tlscert', '--tlskey', '--tlsca', '--user', '--password',
      '--timeout', '--js-domain', '--count', '--subject', '--config', '--queue', '--reply', '-H', '--header'],
    asksForHelp: asksForHelp(['--help', '-h']),
    targets: natsTargets,
    rules: [],
    classify: nats,
  })),
];
