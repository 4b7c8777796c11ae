import type { Invocation, Scope, TargetHint } from '../model';
import { type FlagSet, flagSet, parseArgs, type ParsedArgs } from './args';
import { hintsFromRegistry } from '../targets/hints';
import { stageHintsFromValue } from './iac-hints';
import { type CarrierSpec, definePack } from './pack';
import { destroy, read, type Verdict, write } from './verdict';
import { deployStageNames, stageOfFileName } from '../targets/stages';

/**
 * docker, podman, nerdctl and compose. Containers on this machine are scope `local`: removing
 * containers and images is a `write` (rebuilt or pulled again), removing volumes is `destroy`
 * (that is where databases keep their data). The same commands against a remote daemon
 * (DOCKER_HOST=ssh://…, `-H tcp://…`, `--context prod`) are `infra`, tied to that host or context.
 * Publishing an image (`push`, `build --push`) is `infra` wherever the daemon runs: the registry
 * is what deployments pull from, so the registry, repository and tag are target hints.
 */

const id = 'docker';

const globalValued: Readonly<Record<string, FlagSet>> = {
  docker: flagSet('--context', '-c', '-H', '--host', '--config', '-l', '--log-level', '--tlscacert', '--tlscert', '--tlskey'),
  podman: flagSet('--connection', '-c', '--url', '--identity', '--root', '--runroot', '--storage-driver', '--log-level', '--cgroup-manager',
    '--module', '--network-cmd-path', '--events-backend', '--tmpdir', '--ssh', '--conmon', '--runtime', '--volumepath', '--imagestore',
    '--hooks-dir', '--storage-opt', '--network-config-dir', '--runtime-flag'),
  nerdctl: flagSet('-n', '--namespace', '-a', '--address', '-H', '--host', '--snapshotter', '--storage-driver', '--data-root',
    '--cgroup-manager', '--cni-path', '--cni-netconfpath', '--hosts-dir', '--host-gateway-ip'),
};
const composeValued = flagSet('-f', '--file', '-p', '--project-name', '--profile', '--env-file', '--project-directory', '--ansi',
  '--progress', '--parallel');
/**
 * Options of the verbs that take a value, so image and volume names come out as positionals.
 * Short flags that are booleans somewhere (`rm -fv`, `system prune -af`, `down -v`) stay out.
 */
const verbValued = flagSet('-t', '--tag', '--file', '--filter', '--format', '--platform', '--rmi', '--timeout', '--build-arg',
  '--target', '--cache-from', '--cache-to', '--label', '--output', '-o', '--builder', '--progress', '--secret', '--ssh', '--until',
  '--env-file', '--scale', '--pull', '--driver', '--opt', '--name');

/** Contexts and connections that point at a daemon on this machine. */
const localContexts = new Set(['default', 'desktop-linux', 'desktop-windows', 'docker-desktop', 'colima', 'orbstack', 'rancher-desktop',
  'podman-machine-default', 'podman-machine-default-root', 'lima', 'minikube', 'kind']);
const localHost = /^(?:unix|npipe|fd):|^(?:tcp|http|https):\/\/(?:localhost|127\.0\.0\.1|\[::1\]|0\.0\.0\.0)(?::|\/|$)/i;

const daemonUrlHost = /^(?:[a-z]+:\/\/)?(?:[^@/]*@)?(\[[^\]]+\]|[^:/]+)/i;
const ipv6Brackets = /^\[|\]$/g;
const pushingOutput = /\bpush=true\b|type=registry/;
const portSuffix = /:\d+$/;

/** `publish`: the images a command sends to a registry, which it reaches whatever the daemon. */
interface DockerVerdict extends Verdict {
  readonly publish?: readonly string[];
  /** Prints a container's environment (`inspect --format '{{json .Config.Env}}'`): on a remote daemon, that host's credentials. */
  readonly revealsEnvironment?: boolean;
}

const topReads = new Set(['ps', 'images', 'logs', 'inspect', 'stats', 'top', 'version', 'info', 'events', 'diff', 'port', 'search',
  'history', 'wait', 'save', 'export', 'scout', 'sbom', 'healthcheck', 'exists']);

/** Second-level verbs that only read, per management command. */
const groupReads: Readonly<Record<string, ReadonlySet<string>>> = {
  container: new Set(['ls', 'list', 'ps', 'inspect', 'logs', 'stats', 'top', 'diff', 'port', 'wait', 'export', 'exists']),
  image: new Set(['ls', 'list', 'inspect', 'history', 'save', 'exists', 'tree', 'search']),
  volume: new Set(['ls', 'list', 'inspect', 'exists']),
  network: new Set(['ls', 'list', 'inspect', 'exists']),
  system: new Set(['df', 'info', 'events', 'connection']),
  builder: new Set(['ls', 'du', 'inspect']),
  buildx: new Set(['ls', 'inspect', 'du', 'version', 'imagetools', 'history']),
  context: new Set(['ls', 'list', 'show', 'inspect', 'export']),
  plugin: new Set(['ls', 'list', 'inspect']),
  manifest: new Set(['inspect', 'exists']),
  trust: new Set(['inspect']),
  service: new Set(['ls', 'list', 'ps', 'inspect', 'logs']),
  stack: new Set(['ls', 'list', 'ps', 'services', 'config']),
  node: new Set(['ls', 'list', 'ps', 'inspect']),
  secret: new Set(['ls', 'list', 'inspect', 'exists']),
  config: new Set(['ls', 'list', 'inspect']),
  swarm: new Set(['ca']),
  machine: new Set(['ls', 'list', 'inspect', 'info']),
  pod: new Set(['ps', 'ls', 'list', 'inspect', 'logs', 'stats', 'top', 'exists']),
  compose: new Set(['ps', 'ls', 'logs', 'config', 'convert', 'top', 'images', 'version', 'port', 'events', 'stats', 'ls']),
  scout: new Set(['cves', 'quickview', 'recommendations', 'compare', 'version', 'sbom']),
  model: new Set(['ls', 'list', 'inspect', 'logs', 'status', 'version', 'ps', 'df']),
};

/** The options before the verb are the engine's (which daemon); what follows is the verb's. */
function classifyDocker(inv: Invocation): Verdict {
  const compose = composePrograms.includes(inv.program);
  const engine = engineOf(inv.program);
  const valued = compose ? composeValued : globalValued[engine];
  const globals = parseGlobals(inv.args, valued);
  const daemon = daemonOf(globals.flags, inv.env, engine);
  const verb = inv.args[globals.index];
  let verdict: DockerVerdict;
  if (globals.flags.has('--help') || !compose && globals.flags.has('-v', '--version')) verdict = read('help', `shows ${inv.program} help or version`);
  else if (verb === undefined) verdict = read('bare', `runs ${inv.program} without a command`);
  else if (compose) verdict = composeVerb(inv.args.slice(globals.index));
  else if (verb === 'compose') {
    const inner = parseGlobals(inv.args.slice(globals.index + 1), composeValued);
    const rest = inv.args.slice(globals.index + 1 + inner.index);
    verdict = inner.flags.has('--help') || rest.length === 0 ? read('compose-read', 'shows compose help') : composeVerb(rest);
  } else verdict = engineVerb(inv.args.slice(globals.index), engine);
  return onDaemon(verdict, daemon);
}

const enginePrograms = ['docker', 'podman', 'nerdctl'];
const composePrograms = ['docker-compose', 'podman-compose'];
const engineOf = (program: string): string => (program.startsWith('podman') ? 'podman' : program === 'nerdctl' ? 'nerdctl' : 'docker');

/** Any engine's options before the verb, for the carriers: the unwrapper reads the words before it knows the engine's verb. */
const engineValued = flagSet(...Object.values(globalValued).flatMap((flags) => [...flags]));
const execValued = flagSet('-e', '--env', '-u', '--user', '-w', '--workdir', '--env-file', '--detach-keys', '--index');
const runValued = flagSet(
  '-e', '--env', '-u', '--user', '-w', '--workdir', '--env-file', '-v', '--volume', '-p', '--publish', '--name', '--network',
  '--net', '--entrypoint', '--mount', '-l', '--label', '--add-host', '--cpus', '-m', '--memory', '--platform', '--restart',
  '--pull', '-h', '--hostname', '--device', '--cap-add', '--cap-drop', '--security-opt', '--log-driver', '--log-opt',
  '--tmpfs', '--ulimit', '--dns', '--link', '--ipc', '--pid', '--gpus', '--runtime', '--stop-signal', '--shm-size',
  '--expose', '--label-file', '--cidfile', '--volumes-from', '--memory-swap', '--cpu-shares', '--userns', '--uts',
);
const serviceValued = flagSet(...execValued, '--name', '-p', '--publish', '-v', '--volume', '--entrypoint');

/**
 * A command run in a container through a local daemon stays on this machine; one run through a
 * remote daemon (`-H`, `--context`, DOCKER_HOST=tcp://…) acts on that host, as the verb does.
 */
function onDaemonHost(args: readonly string[], env: Readonly<Record<string, string>>, program: string): TargetHint[] {
  const engine = engineOf(program);
  const globals = parseGlobals(args, composePrograms.includes(program) ? composeValued : globalValued[engine]);
  const daemon = daemonOf(globals.flags, env, engine);
  return daemon.remote ? [{ kind: 'container', value: engine, source: `${engine} container` }, ...daemon.hints] : [];
}

/** `exec CONTAINER cmd`, `run IMAGE cmd` and compose's `exec|run SERVICE cmd`: the command after the container, image or service. */
const carries: readonly CarrierSpec[] = [
  { sub: ['exec', 'container exec'], programs: enginePrograms, valueFlags: engineValued, subValueFlags: execValued, command: 'rest', operands: 1,
    targets: onDaemonHost },
  { sub: ['run', 'container run'], programs: enginePrograms, valueFlags: engineValued, subValueFlags: runValued, command: 'rest', operands: 1,
    image: true, targets: onDaemonHost },
  { sub: ['compose exec', 'compose run'], programs: enginePrograms, valueFlags: flagSet(...engineValued, ...composeValued), subValueFlags: serviceValued,
    command: 'rest', operands: 1, targets: onDaemonHost },
  { sub: ['exec', 'run'], programs: composePrograms, valueFlags: composeValued, subValueFlags: serviceValued, command: 'rest', operands: 1,
    targets: onDaemonHost },
];

export const dockerPack = definePack({
  id,
  programs: [...enginePrograms, ...composePrograms],
  targetKinds: ['aws-account', 'aws-region', 'docker-context', 'gcp-project', 'host', 'resource', 'stage'],
  ambient: ['docker-context'],
  ambientVariables: { DOCKER_CONTEXT: 'docker-context' },
  carries,
  // `docker run IMAGE --help` runs the image: only an option before the verb asks for help, and classify reads those.
  asksForHelp: () => false,
  classify: (_args, inv) => classifyDocker(inv),
  rules: [],
});

interface Globals {
  readonly index: number;
  readonly flags: ParsedArgs;
}

function parseGlobals(args: readonly string[], valued: FlagSet): Globals {
  let i = 0;
  while (i < args.length && args[i].startsWith('-') && args[i] !== '--') {
    const a = args[i];
    i += valued.has(a) ? 2 : 1;
  }
  return { index: i, flags: parseArgs(args.slice(0, i), valued) };
}

interface Daemon {
  readonly remote: boolean;
  readonly hints: readonly TargetHint[];
  readonly where: string;
}

function daemonOf(flags: ParsedArgs, env: Readonly<Record<string, string>>, engine: string): Daemon {
  const hints: TargetHint[] = [];
  let remote = false;
  let where = 'the local daemon';
  const host = flags.value('-H', '--host', '--url', '-a', '--address')
    ?? (engine === 'podman' ? env.CONTAINER_HOST : engine === 'docker' ? env.DOCKER_HOST : undefined);
  if (host && !localHost.test(host)) {
    remote = true;
    where = host;
    const name = hostName(host);
    if (name) hints.push({ kind: 'host', value: name, source: flags.value('-H', '--host', '--url', '-a', '--address') ? 'daemon --host' : '$DOCKER_HOST' });
  }
  const context = engine === 'docker' ? flags.value('--context', '-c') ?? env.DOCKER_CONTEXT
    : engine === 'podman' ? flags.value('--connection', '-c') ?? env.CONTAINER_CONNECTION : undefined;
  if (context && !localContexts.has(context)) {
    remote = true;
    where = `context ${context}`;
    // A context named after its stage (`prod-eu`) is that stage's when the policy does not list it.
    hints.push({ kind: 'docker-context', value: context, source: `${engine} context` }, ...stageHintsFromValue(context, `${engine} context`));
  }
  if (engine === 'podman' && flags.has('-r', '--remote') && !context && !host) {
    remote = true;
    where = 'the default podman remote connection';
  }
  return { remote, hints, where };
}

function hostName(url: string): string | undefined {
  const m = daemonUrlHost.exec(url);
  return m?.[1].replace(ipv6Brackets, '').toLowerCase();
}

/** Where the verdict lands: a remote daemon makes it `infra` there, and published images name their registry. */
function onDaemon(v: DockerVerdict, daemon: Daemon): Verdict {
  const targets: TargetHint[] = [...daemon.hints];
  if (v.publish) for (const ref of v.publish) imageHints(ref, targets);
  const scope: Scope = v.revealsEnvironment && daemon.remote ? 'secret' : v.scope ?? (daemon.remote || v.publish ? 'infra' : 'local');
  const reason = daemon.remote && v.effect !== 'read' ? `${v.reason}, on ${daemon.where}` : v.reason;
  return { rule: v.rule, effect: v.effect, scope, reason, targets, ...(v.setsAmbient ? { setsAmbient: v.setsAmbient } : {}) };
}

function engineVerb(args: readonly string[], engine: string): DockerVerdict {
  const verb = args[0];
  const a = parseArgs(args.slice(1), verbValued);
  if (a.has('--help')) return read('help', `shows help for ${engine} ${verb}`);
  const inspected = verb === 'inspect' || (verb === 'container' && a.positionals[0] === 'inspect');
  const format = args.find((arg, k) => /^(?:-f|--format)$/.test(args[k - 1] ?? '') || /^--format=/.test(arg)) ?? '';
  if (inspected && /\bEnv\b/.test(format)) {
    return { ...read('inspect-env', `prints the environment of a container (${engine} inspect), where its credentials are kept`), revealsEnvironment: true };
  }
  if (topReads.has(verb)) return read('read', `reads container state (${engine} ${verb})`);
  const group = groupReads[verb];
  if (group) {
    const sub = a.positionals[0];
    if (!sub || group.has(sub)) return read('read', `reads container state (${engine} ${verb}${sub ? ` ${sub}` : ''})`);
    return groupVerb(verb, sub, a, engine);
  }
  switch (verb) {
    case 'rm':
      return removeContainers(a);
    case 'rmi':
      return write('rmi', 'removes images (they can be pulled or built again)');
    case 'push':
      return { rule: 'push', effect: 'write', reason: 'publishes an image to a registry that deployments pull from', publish: a.positionals.slice(0, 1) };
    case 'build':
      return build(a);
    case 'login':
    case 'logout':
      return { rule: 'login', effect: 'write', scope: 'local', reason: 'changes the registry credentials stored on this machine' };
    case 'exec':
      return execVerdict;
    case 'run':
    case 'create':
    case 'start':
    case 'stop':
    case 'restart':
    case 'kill':
    case 'pause':
    case 'unpause':
    case 'rename':
    case 'update':
    case 'attach':
    case 'cp':
    case 'pull':
    case 'tag':
    case 'commit':
    case 'load':
    case 'import':
    case 'init':
      return write(verb, `changes containers or images (${engine} ${verb})`);
    default:
      return write('other', `runs ${engine} ${verb}, which Bulkhead treats as a change`);
  }
}

/** The command it runs is unwrapped and judged on its own (the pack's carries); exec itself changes nothing. */
const execVerdict = read('exec', 'runs a command inside a running container (the command is judged separately)');

function groupVerb(group: string, sub: string, a: ParsedArgs, engine: string): DockerVerdict {
  const removing = sub === 'rm' || sub === 'remove' || sub === 'prune' || sub === 'reset';
  switch (group) {
    case 'volume':
      if (removing) return destroy('volume-rm', `deletes volumes and the data in them (${engine} volume ${sub})`);
      break;
    case 'system':
      if (sub === 'reset') return destroy('system-reset', 'deletes every container, image and volume on the machine');
      if (sub === 'prune') {
        if (a.has('--volumes')) return destroy('system-prune-volumes', 'deletes unused containers, images, networks and volumes with their data');
        if (a.has('-a', '--all')) return destroy('system-prune-all', 'deletes every stopped container and every image not used by a running container');
        return write('system-prune', 'removes stopped containers, dangling images, unused networks and the build cache');
      }
      break;
    case 'container':
      if (sub === 'rm' || sub === 'remove') return removeContainers(a);
      if (sub === 'exec') return execVerdict;
      break;
    case 'image':
      if (sub === 'push') return { rule: 'push', effect: 'write', reason: 'publishes an image to a registry that deployments pull from', publish: a.positionals.slice(1, 2) };
      if (sub === 'build') return build(a);
      break;
    case 'buildx':
      if (sub === 'build' || sub === 'bake' || sub === 'b') return build(a);
      break;
    case 'manifest':
      if (sub === 'push') return { rule: 'push', effect: 'write', reason: 'publishes an image manifest to a registry', publish: a.positionals.slice(1, 2) };
      break;
    case 'machine':
      if (sub === 'rm' || sub === 'reset') return destroy('machine-rm', `deletes the ${engine} virtual machine with every container, image and volume in it`);
      break;
    case 'context': {
      // `docker context use X`: the commands after it talk to X's daemon.
      const chosen = sub === 'use' ? a.positionals[1] : undefined;
      return { rule: 'context', effect: 'write', scope: 'local', reason: `changes the ${engine} contexts configured on this machine`,
        ...(chosen && engine === 'docker' ? { setsAmbient: { 'docker-context': chosen } } : {}) };
    }
    default:
      break;
  }
  return write(`${group}-${removing ? 'remove' : 'change'}`, `changes ${group}s (${engine} ${group} ${sub})`);
}

function removeContainers(a: ParsedArgs): DockerVerdict {
  if (a.has('-v', '--volumes')) return destroy('rm-volumes', 'removes containers together with their anonymous volumes, where databases keep data');
  return write('rm', 'removes containers (their images and named volumes are kept)');
}

function build(a: ParsedArgs): DockerVerdict {
  const output = a.values('-o', '--output').join(',');
  if (a.has('--push') || pushingOutput.test(output)) {
    return { rule: 'build-push', effect: 'write', reason: 'builds an image and publishes it to a registry that deployments pull from', publish: a.values('-t', '--tag') };
  }
  return write('build', 'builds an image on this machine');
}

function composeVerb(args: readonly string[]): DockerVerdict {
  const verb = args[0];
  const a = parseArgs(args.slice(1), verbValued);
  if (!verb || a.has('--help')) return read('compose-read', 'shows compose help');
  if (groupReads.compose.has(verb)) return read('compose-read', `reads the compose project (compose ${verb})`);
  if (a.has('--dry-run')) return read('compose-dry-run', 'a compose dry run changes nothing');
  if (verb === 'exec') return read('compose-exec', 'runs a command inside a service container (the command is judged separately)');
  switch (verb) {
    case 'down':
      if (a.has('-v', '--volumes')) return destroy('compose-down-volumes', 'stops the project and deletes its volumes, with the data in them');
      return write('compose-down', 'stops and removes the containers and networks of the project (volumes are kept)');
    case 'rm':
      if (a.has('-v', '--volumes')) return destroy('compose-rm-volumes', 'removes the project containers with their anonymous volumes');
      return write('compose-rm', 'removes stopped containers of the project');
    case 'push':
      return { rule: 'compose-push', effect: 'write', reason: 'publishes the project images to a registry that deployments pull from', publish: [] };
    case 'build':
      if (a.has('--push')) return { rule: 'compose-push', effect: 'write', reason: 'builds and publishes the project images', publish: [] };
      return write('compose-build', 'builds the project images');
    default:
      return write(`compose-${verb === 'up' ? 'up' : 'change'}`, `changes the compose project (compose ${verb})`);
  }
}

/** `123456789012.dkr.ecr.eu-west-1.amazonaws.com/acme-prod-api:prod` → account, region, registry host, repository, stage. */
function imageHints(ref: string, hints: TargetHint[]): void {
  if (!ref) return;
  const source = `image ${ref}`;
  const withoutDigest = ref.split('@')[0];
  const parts = withoutDigest.split('/');
  let registry: string | undefined;
  if (parts.length > 1 && (parts[0].includes('.') || parts[0].includes(':') || parts[0] === 'localhost')) registry = parts.shift();
  const last = parts[parts.length - 1] ?? '';
  const colon = last.lastIndexOf(':');
  const name = colon > 0 ? last.slice(0, colon) : last;
  const tag = colon > 0 ? last.slice(colon + 1) : '';
  if (registry) {
    const host = registry.replace(portSuffix, '').toLowerCase();
    hints.push({ kind: 'host', value: host, source });
    hints.push(...hintsFromRegistry(host, parts, source));
  }
  if (name) {
    hints.push({ kind: 'resource', value: name, source });
    if (parts.length > 1) hints.push({ kind: 'resource', value: [...parts.slice(0, -1), name].join('/'), source });
  }
  const token = stageOfFileName(tag, deployStageNames);
  if (token) hints.push({ kind: 'stage', value: token, source: `image tag ${tag}` });
}
