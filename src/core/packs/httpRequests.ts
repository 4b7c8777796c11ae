import { type Effect, effectSeverity, type Scope, type TargetHint } from '../model';
import { classifySql } from '../sql/classify';
import { classifyGraphql, nameWords } from './graphql';
import type { Verdict } from './verdict';
import { verbEffects } from '../words/vocabulary';

/**
 * What one HTTP request does, whichever client sends it (curl, wget, HTTPie, a script's
 * `requests.delete(…)`, `gh api`): the method and URL decide, then the body (GraphQL
 * mutations, SQL sent to a database's HTTP API), then what each infrastructure API's paths
 * mean. Unknown hosts follow HTTP's own semantics: GET/HEAD read, DELETE destroys, other
 * methods write.
 */
export interface HttpRequest {
  /** Upper-case method; `?` when it is computed at run time. */
  readonly method: string;
  /** The URL as far as it is known (a dynamic part is simply missing). */
  readonly url: string;
  /** The part of the body that can be read (inline data, a heredoc on stdin). */
  readonly body?: string;
  /** The body, or part of it, comes from a file, a pipe or a variable Bulkhead cannot read. */
  readonly bodyHidden?: boolean;
  readonly headers?: readonly string[];
  /** Scheme used when the URL has none (curl and HTTPie: http; `https`/`xhs`: https). */
  readonly defaultScheme?: string;
  /** A Unix socket the request goes through instead of TCP (`curl --unix-socket /var/run/docker.sock`). */
  readonly unixSocket?: string;
}

/**
 * A pack verdict (the rule id is within the caller's pack: `github.repo-delete`) that always says
 * its scope and targets; its ambient kinds decide the target when the request names none
 * (`kubectl proxy` on localhost).
 */
export interface RequestVerdict extends Verdict {
  readonly scope: Scope;
  readonly targets: TargetHint[];
  /** Also true: the body could not be read and the API could have been told to delete anything. */
  readonly hiddenBody?: boolean;
}

export interface ParsedUrl {
  readonly scheme: string;
  /** Lower-case host without port or brackets; empty when unknown. */
  readonly host: string;
  readonly port: string;
  /** Path with a leading slash (`/` when none). */
  readonly path: string;
  readonly query: string;
  readonly segments: readonly string[];
  /** True when the host was written without a scheme (`api.github.com/…`, HTTPie's `:3000`). */
  readonly schemeless: boolean;
}

const urlPattern = /^([a-z][a-z0-9+.-]*):\/\/([^/?#]*)([^?#]*)(?:\?([^#]*))?/i;
const hostLike = /^(?:[a-z0-9-]+\.)+[a-z]{2,}$|^localhost$|^\d{1,3}(?:\.\d{1,3}){3}$/i;

export function parseUrl(raw: string, defaultScheme = 'http'): ParsedUrl {
  const text = raw.trim();
  const m = urlPattern.exec(text);
  if (m) return build(m[1].toLowerCase(), m[2], m[3], m[4] ?? '', false);
  if (text.startsWith(':')) {
    // HTTPie's localhost shorthand: `:3000/api`, `:/api`.
    const rest = text.slice(1);
    const slash = rest.search(/[/?#]/);
    const port = slash < 0 ? rest : rest.slice(0, slash);
    const tail = slash < 0 ? '' : rest.slice(slash);
    const q = tail.indexOf('?');
    return build(defaultScheme, `localhost${port ? `:${port}` : ''}`, q < 0 ? tail : tail.slice(0, q), q < 0 ? '' : tail.slice(q + 1), true);
  }
  const end = text.search(/[/?#]/);
  const authority = end < 0 ? text : text.slice(0, end);
  const hostPart = authority.slice(authority.lastIndexOf('@') + 1).replace(/:\d*$/, '');
  if (authority && hostLike.test(hostPart)) {
    const tail = end < 0 ? '' : text.slice(end);
    const q = tail.indexOf('?');
    return build(defaultScheme, authority, q < 0 ? tail : tail.slice(0, q), q < 0 ? '' : tail.slice(q + 1), true);
  }
  const q = text.indexOf('?');
  return build(defaultScheme, '', q < 0 ? text : text.slice(0, q), q < 0 ? '' : text.slice(q + 1), false);
}

function build(scheme: string, authority: string, rawPath: string, query: string, schemeless: boolean): ParsedUrl {
  const hostPort = authority.slice(authority.lastIndexOf('@') + 1);
  let host = hostPort;
  let port = '';
  const bracket = /^\[([^\]]*)\](?::(\d*))?$/.exec(hostPort);
  if (bracket) {
    host = bracket[1];
    port = bracket[2] ?? '';
  } else {
    const colon = hostPort.lastIndexOf(':');
    if (colon >= 0) {
      host = hostPort.slice(0, colon);
      port = hostPort.slice(colon + 1);
    }
  }
  const path = rawPath.startsWith('/') ? rawPath : `/${rawPath}`;
  return { scheme, host: host.toLowerCase(), port, path, query, segments: path.split('/').filter(Boolean), schemeless };
}

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '127.0.0.1' || host === '::1' || host === '0.0.0.0' || host.endsWith('.localhost');
}

const readMethods = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE', 'PROPFIND', 'REPORT', 'SEARCH', 'CONNECT']);
const methodToken = /^[A-Z][A-Z-]*$/;

/** The verdict on one request. Pure; no regex is built per call. */
export function classifyRequest(request: HttpRequest): RequestVerdict {
  const method = request.method;
  const url = parseUrl(request.url, request.defaultScheme);
  const targets = urlTargets(request, url);
  const verdict = (rule: string, effect: Effect, reason: string, extra: Partial<RequestVerdict> = {}): RequestVerdict => ({
    rule, effect, reason, scope: 'infra', targets, ...extra,
  });
  const where = url.host ? ` to ${url.host}` : '';

  if (url.scheme === 'file') {
    return verdict('file-read', 'read', 'reads a local file through a file:// URL', { scope: 'local' });
  }
  if (request.unixSocket && /docker|podman/.test(request.unixSocket)) return dockerSocket(method, url, targets);

  const api = apiFor(url);
  const kube = isKubernetesPath(url.path);
  const ambient = kube && (isLoopback(url.host) || url.host.startsWith('kubernetes.default')) ? ['kube-context'] : undefined;

  if (readMethods.has(method) && instanceCredentials(url)) {
    return verdict('instance-credentials', 'read', `asks the instance metadata service at ${url.host} for the machine's cloud credentials`, { scope: 'secret' });
  }
  if (readMethods.has(method)) {
    return verdict('read', 'read', `sends a ${method} request${where}, which only reads`, { ambient });
  }

  const body = request.body ?? '';
  const apiName = api?.name;
  const graphql = body ? classifyGraphql(body, apiName) : undefined;
  if (graphql && method !== '?') return verdict(`graphql.${graphql.rule}`, graphql.effect, graphql.reason);
  const sql = sqlInBody(body, url);
  // SQL found anywhere may make a request stricter; only a known SQL endpoint may make a POST a read.
  if (sql && method !== '?' && (sql.effect !== 'read' || sqlEndpoint.test(`${url.host}:${url.port}${url.path}`))) {
    const via = apiName ? ` through ${apiName}'s SQL API` : ` over HTTP${where}`;
    return verdict(`sql.${sql.rule}`, sql.effect, `${sql.reason}${via}`);
  }
  if (method === '?') {
    return verdict('dynamic-method', 'unknown', `sends a request${where} whose HTTP method is only known at run time`);
  }
  if (!methodToken.test(method)) {
    return verdict('odd-method', 'unknown', `sends a request with the unusual method ${method}${where}`);
  }

  if (kube) {
    if (/(?:^|&)dryRun=All(?:&|$)/.test(url.query)) return verdict('kubernetes.dry-run', 'read', 'a Kubernetes server-side dry run changes nothing', { ambient });
    const namespaceOnly = /^\/api\/v1\/namespaces\/[^/]+\/?$/.test(url.path);
    if (method === 'DELETE' && namespaceOnly) {
      return verdict('kubernetes.namespace-delete', 'destroy', 'deletes a whole Kubernetes namespace and everything in it through the API server', { ambient });
    }
    if (method === 'DELETE') return verdict('kubernetes.delete', 'destroy', 'deletes Kubernetes resources through the API server', { ambient });
    return verdict('kubernetes.write', 'write', 'changes resources through the Kubernetes API server', { ambient });
  }

  const search = searchEngineRule(method, url, body);
  if (search) return verdict(search.rule, search.effect, search.reason);

  if (api) {
    if (api.graphqlPath?.test(url.path) && !graphql) {
      if (request.bodyHidden || !body) {
        return verdict(`${api.id}.graphql-hidden`, 'write', `sends a GraphQL request to ${api.name} whose document Bulkhead cannot read`, { hiddenBody: api.infrastructure });
      }
    }
    for (const rule of api.rules) {
      if (!rule.methods.includes(method)) continue;
      if (!rule.path.test(apiPath(api, url))) continue;
      if (rule.when && !rule.when(body, url)) continue;
      return verdict(`${api.id}.${rule.id}`, rule.effect, rule.reason);
    }
  }

  if (modelHosts.test(url.host) || (isLoopback(url.host) && localModelPaths.test(url.path))) {
    if (modelPaths.test(url.path) || localModelPaths.test(url.path)) {
      return verdict('model-prompt', 'read', `sends a prompt to a model API${where}, which changes no infrastructure`);
    }
  }

  const action = pathAction(url.segments);
  if (action === 'destroy' && method !== 'GET') {
    return verdict('path-destroy', 'destroy', `calls ${lastSegments(url)}${where}, an endpoint whose name says it deletes or resets data`);
  }
  const label = apiName ? ` to ${apiName}` : where;
  if (method === 'DELETE') return verdict('delete', 'destroy', `sends a DELETE request${label}`);
  if (method === 'PUT' || method === 'PATCH' || method === 'POST') return verdict('write', 'write', `sends a ${method} request${label}`);
  return verdict('write', 'write', `sends a ${method} request${label}, which may change something`);
}

const metadataHosts: ReadonlySet<string> = new Set(['169.254.169.254', 'fd00:ec2::254', 'metadata.google.internal', 'metadata', '169.254.170.2']);
/**
 * Where instance metadata services hand out credentials: AWS (a role's keys), ECS task roles,
 * GCP (a service account's token or identity) and Azure managed identities.
 */
const credentialPaths = /^\/(?:latest\/meta-data\/(?:iam\/security-credentials|identity-credentials\/ec2\/security-credentials)\/[^/]+|v2\/credentials\/|computeMetadata\/v1\/instance\/service-accounts\/[^/]+\/(?:token|identity)|metadata\/identity\/oauth2\/token)/;

function instanceCredentials(url: ParsedUrl): boolean {
  return metadataHosts.has(url.host) && credentialPaths.test(url.path);
}

function dockerSocket(method: string, url: ParsedUrl, targets: TargetHint[]): RequestVerdict {
  const path = url.path.replace(/^\/v\d+(?:\.\d+)?\//, '/');
  const base = { scope: 'local' as const, targets };
  if (readMethods.has(method)) return { ...base, rule: 'docker-socket.read', effect: 'read', reason: 'reads local Docker state through its socket' };
  if (method === 'DELETE' && path.startsWith('/volumes')) {
    return { ...base, rule: 'docker-socket.volume-delete', effect: 'destroy', reason: 'deletes a local Docker volume and its data through the Docker socket' };
  }
  if (method === 'POST' && /^\/(?:volumes|system|containers|images|networks|builder)\/prune/.test(path)) {
    return { ...base, rule: 'docker-socket.prune', effect: path.startsWith('/volumes') ? 'destroy' : 'write', reason: 'prunes local Docker objects through the Docker socket' };
  }
  return { ...base, rule: 'docker-socket.write', effect: 'write', reason: 'changes local containers through the Docker socket' };
}

const kubernetesCore = /^\/api\/v1\/(?:namespaces|nodes|persistentvolumes|pods|services|configmaps|secrets|serviceaccounts|endpoints|events|componentstatuses|replicationcontrollers)(?:\/|$)/;
const kubernetesGroups = /^\/apis\/[a-z0-9.-]+\/v\d+(?:(?:alpha|beta)\d+)?(?:\/|$)/;

function isKubernetesPath(path: string): boolean {
  return kubernetesCore.test(path) || kubernetesGroups.test(path);
}

/** Elasticsearch and OpenSearch name their operations with an underscore segment. */
function searchEngineRule(method: string, url: ParsedUrl, body: string): { rule: string; effect: Effect; reason: string } | undefined {
  const op = url.segments.find((s) => s.startsWith('_'));
  if (!op) return undefined;
  switch (op) {
    case '_delete_by_query':
      return { rule: 'search.delete-by-query', effect: 'destroy', reason: 'deletes every search-index document matching a query' };
    case '_search': case '_msearch': case '_count': case '_mget': case '_field_caps': case '_validate': case '_explain':
    case '_analyze': case '_sql': case '_eql': case '_async_search': case '_search_template': case '_msearch_template':
    case '_mtermvectors': case '_termvectors': case '_rank_eval': case '_knn_search': case '_pit': case '_cat': case '_query':
      if (method === 'DELETE') return undefined;
      return { rule: 'search.query', effect: 'read', reason: 'runs a search-index query, which changes nothing' };
    case '_snapshot':
      if (url.segments[url.segments.length - 1] === '_restore') {
        return { rule: 'search.snapshot-restore', effect: 'destroy', reason: 'restores a search-index snapshot over existing indices' };
      }
      return undefined;
    case '_bulk':
      if (/"delete"\s*:/.test(body)) return { rule: 'search.bulk-delete', effect: 'destroy', reason: 'deletes search-index documents in bulk' };
      return { rule: 'search.write', effect: 'write', reason: 'writes search-index documents in bulk' };
    case '_update_by_query': case '_reindex': case '_doc': case '_update': case '_create': case '_forcemerge': case '_close':
    case '_open': case '_rollover': case '_shrink': case '_split': case '_clone': case '_refresh': case '_flush': case '_settings':
    case '_mapping': case '_alias': case '_aliases':
      if (method === 'DELETE') return undefined;
      return { rule: 'search.write', effect: 'write', reason: `changes a search index (${op})` };
    default:
      return undefined;
  }
}

const modelHosts = /(?:^|\.)(?:api\.openai\.com|api\.anthropic\.com|generativelanguage\.googleapis\.com|api\.mistral\.ai|api\.groq\.com|openrouter\.ai|api\.together\.xyz|api\.cohere\.(?:ai|com)|api\.deepseek\.com|api\.perplexity\.ai|api\.fireworks\.ai|openai\.azure\.com)$/;
const modelPaths = /\/(?:chat\/completions|completions|embeddings|messages|responses|moderations|rerank|chat)\/?$|:(?:generateContent|streamGenerateContent|embedContent|countTokens)$/;
const localModelPaths = /^\/(?:api\/(?:generate|chat|embed|embeddings)|v1\/(?:chat\/completions|completions|embeddings))\/?$/;

const restoreTargets = new Set(['backup', 'backups', 'snapshot', 'snapshots', 'pitr']);

/** `POST …/bulk/delete`, `…/reset_to_parent`, `…/backups/123/restore`: endpoints named for what they destroy. */
function pathAction(segments: readonly string[]): 'destroy' | undefined {
  const tail = segments.slice(-3);
  const last = segments[segments.length - 1] ?? '';
  const lastWords = nameWords(last);
  const words = tail.flatMap((s) => nameWords(s));
  // `…/cache/purge`, `purge_cache`: a cache loses nothing that cannot be rebuilt.
  if (segments.slice(-2).flatMap((s) => nameWords(s)).some((w) => w === 'cache' || w === 'caches' || w === 'cdn')) return undefined;
  if (lastWords.some((w) => verbEffects.get(w) === 'destroy')) return 'destroy';
  if (words.includes('restore') && words.some((w) => restoreTargets.has(w))) return 'destroy';
  if (last.includes('restore') && tail.some((s) => s.includes('pitr') || s.includes('backup'))) return 'destroy';
  return undefined;
}

function lastSegments(url: ParsedUrl): string {
  return `/${url.segments.slice(-2).join('/')}`;
}

// ---------------------------------------------------------------------------------------------
// Infrastructure APIs

interface ApiRule {
  readonly id: string;
  readonly methods: readonly string[];
  /** Matched against the path with the API's prefix removed. */
  readonly path: RegExp;
  readonly effect: Effect;
  readonly reason: string;
  readonly when?: (body: string, url: ParsedUrl) => boolean;
}

interface Api {
  readonly id: string;
  readonly name: string;
  readonly host: RegExp;
  /** Removed from the path before rules match: `/client/v4`, `/api/v3`. */
  readonly prefix?: RegExp;
  /** Its GraphQL endpoint, where a body that cannot be read could hold any mutation. */
  readonly graphqlPath?: RegExp;
  /** Infrastructure whose unreadable GraphQL requests may delete volumes and databases. */
  readonly infrastructure?: boolean;
  readonly rules: readonly ApiRule[];
  readonly targets?: (url: ParsedUrl, path: string) => TargetHint[];
}

const writes = ['POST', 'PUT', 'PATCH'];
const deletes = ['DELETE'];

const apis: readonly Api[] = [
  {
    id: 'railway',
    name: 'Railway',
    host: /^backboard\.railway\.(?:app|com)$/,
    graphqlPath: /^\/graphql(?:\/|$)/,
    infrastructure: true,
    rules: [],
  },
  {
    id: 'github',
    name: 'GitHub',
    host: /^api\.github\.com$|^github\.[a-z0-9.-]+$/,
    prefix: /^\/api\/v3(?=\/)/,
    graphqlPath: /^\/(?:api\/)?graphql$/,
    rules: [
      { id: 'reversible', methods: deletes, effect: 'write', reason: 'removes a label, assignee, reviewer, collaborator, star or subscription on GitHub (reversible)',
        path: /^\/(?:repos\/[^/]+\/[^/]+\/(?:issues\/\d+\/(?:labels|assignees|lock)|pulls\/\d+\/requested_reviewers|subscription|collaborators\/|topics|branches\/[^/]+\/protection|actions\/caches)|user\/(?:starred|following)\/|notifications|reactions\/)|\/reactions\/\d+$/ },
      { id: 'repo-delete', methods: deletes, path: /^\/repos\/[^/]+\/[^/]+\/?$/, effect: 'destroy', reason: 'deletes a GitHub repository' },
      { id: 'ref-delete', methods: deletes, path: /^\/repos\/[^/]+\/[^/]+\/git\/refs\//, effect: 'destroy', reason: 'deletes a git branch or tag on GitHub' },
      { id: 'release-delete', methods: deletes, path: /^\/repos\/[^/]+\/[^/]+\/releases\//, effect: 'destroy', reason: 'deletes a GitHub release or its assets' },
      { id: 'contents-delete', methods: deletes, path: /^\/repos\/[^/]+\/[^/]+\/contents\//, effect: 'write', reason: 'commits a file deletion on GitHub (recoverable from history)' },
      { id: 'environment-delete', methods: deletes, path: /^\/repos\/[^/]+\/[^/]+\/environments\//, effect: 'destroy', reason: 'deletes a GitHub deployment environment with its secrets and rules' },
      { id: 'secret-delete', methods: deletes, path: /\/(?:actions|dependabot|codespaces)\/(?:secrets|variables)\//, effect: 'destroy', reason: 'deletes a GitHub Actions secret or variable' },
      { id: 'org-delete', methods: deletes, path: /^\/orgs\/[^/]+\/?$/, effect: 'destroy', reason: 'deletes a GitHub organization' },
      { id: 'force-ref', methods: ['PATCH', 'POST'], path: /^\/repos\/[^/]+\/[^/]+\/git\/refs\//, effect: 'destroy', reason: 'force-moves a branch on GitHub, dropping the commits it pointed to',
        when: (body) => /"force"\s*:\s*true|\bforce=true\b/.test(body) },
      { id: 'delete', methods: deletes, path: /^\//, effect: 'destroy', reason: 'deletes a GitHub resource' },
      { id: 'write', methods: writes, path: /^\//, effect: 'write', reason: 'changes GitHub resources' },
    ],
    targets: (_url, path) => {
      const hints: TargetHint[] = [];
      const m = /^\/repos\/([^/]+)\/([^/]+)/.exec(path);
      if (m) hints.push({ kind: 'resource', value: `${m[1]}/${m[2]}`, source: 'GitHub repository in the URL' });
      const environment = /^\/repos\/[^/]+\/[^/]+\/environments\/([^/]+)/.exec(path);
      if (environment) hints.push({ kind: 'stage', value: decodeSegment(environment[1]), source: 'GitHub deployment environment in the URL' });
      return hints;
    },
  },
  {
    id: 'cloudflare',
    name: 'Cloudflare',
    host: /^api\.cloudflare\.com$/,
    prefix: /^\/client\/v4(?=\/)/,
    rules: [
      { id: 'purge-cache', methods: writes, path: /\/purge_cache\/?$/, effect: 'write', reason: "purges Cloudflare's cache for a zone" },
      { id: 'zone-delete', methods: deletes, path: /^\/zones\/[^/]+\/?$/, effect: 'destroy', reason: 'deletes a Cloudflare zone and all its DNS records' },
      { id: 'dns-delete', methods: deletes, path: /\/dns_records\//, effect: 'destroy', reason: 'deletes a Cloudflare DNS record' },
      { id: 'worker-delete', methods: deletes, path: /\/workers\/(?:scripts|services)\//, effect: 'destroy', reason: 'deletes a Cloudflare Worker' },
      { id: 'r2-delete', methods: deletes, path: /\/r2\/buckets\//, effect: 'destroy', reason: 'deletes an R2 bucket' },
      { id: 'd1-delete', methods: deletes, path: /\/d1\/database\/[^/]+\/?$/, effect: 'destroy', reason: 'deletes a D1 database' },
      { id: 'kv-delete', methods: deletes, path: /\/storage\/kv\/namespaces\//, effect: 'destroy', reason: 'deletes Workers KV data' },
      { id: 'kv-bulk-delete', methods: writes, path: /\/storage\/kv\/namespaces\/[^/]+\/bulk\/delete\/?$/, effect: 'destroy', reason: 'deletes Workers KV keys in bulk' },
      { id: 'delete', methods: deletes, path: /^\//, effect: 'destroy', reason: 'deletes a Cloudflare resource' },
      { id: 'write', methods: writes, path: /^\//, effect: 'write', reason: 'changes Cloudflare configuration' },
    ],
    targets: (_url, path) => appFrom(/\/workers\/(?:scripts|services)\/([^/]+)/.exec(path), 'Cloudflare Worker in the URL'),
  },
  {
    id: 'vercel',
    name: 'Vercel',
    host: /^api\.vercel\.com$/,
    rules: [
      { id: 'env-delete', methods: deletes, path: /^\/v\d+\/projects\/[^/]+\/env\//, effect: 'destroy', reason: 'deletes a Vercel environment variable' },
      { id: 'project-delete', methods: deletes, path: /^\/v\d+\/projects\/[^/]+\/?$/, effect: 'destroy', reason: 'deletes a Vercel project' },
      { id: 'deployment-delete', methods: deletes, path: /^\/v\d+\/(?:now\/)?deployments\//, effect: 'destroy', reason: 'deletes a Vercel deployment' },
      { id: 'domain-delete', methods: deletes, path: /^\/v\d+\/(?:domains|projects\/[^/]+\/domains)\//, effect: 'destroy', reason: 'removes a domain from Vercel' },
      { id: 'deploy', methods: writes, path: /^\/v\d+\/deployments\/?$/, effect: 'write', reason: 'creates a Vercel deployment' },
      { id: 'delete', methods: deletes, path: /^\//, effect: 'destroy', reason: 'deletes a Vercel resource' },
      { id: 'write', methods: writes, path: /^\//, effect: 'write', reason: 'changes Vercel projects or deployments' },
    ],
    targets: (_url, path) => appFrom(/^\/v\d+\/projects\/([^/]+)/.exec(path), 'Vercel project in the URL', /^prj_/),
  },
  {
    id: 'heroku',
    name: 'Heroku',
    host: /^api\.heroku\.com$/,
    rules: [
      { id: 'dyno-restart', methods: deletes, path: /^\/apps\/[^/]+\/dynos(?:\/[^/]+)?\/?$/, effect: 'write', reason: 'restarts Heroku dynos' },
      { id: 'app-delete', methods: deletes, path: /^\/apps\/[^/]+\/?$/, effect: 'destroy', reason: 'deletes a Heroku app' },
      { id: 'addon-delete', methods: deletes, path: /^\/(?:apps\/[^/]+\/)?addons\//, effect: 'destroy', reason: 'deletes a Heroku add-on (a Heroku Postgres add-on takes its database with it)' },
      { id: 'scale', methods: writes, path: /^\/apps\/[^/]+\/formation/, effect: 'write', reason: 'scales Heroku dynos' },
      { id: 'delete', methods: deletes, path: /^\//, effect: 'destroy', reason: 'deletes a Heroku resource' },
      { id: 'write', methods: writes, path: /^\//, effect: 'write', reason: 'changes a Heroku app' },
    ],
    targets: (_url, path) => appFrom(/^\/apps\/([^/]+)/.exec(path), 'Heroku app in the URL'),
  },
  {
    id: 'fly',
    name: 'Fly.io',
    host: /^api\.machines\.dev$|^api\.fly\.io$|^_api\.internal$/,
    graphqlPath: /^\/graphql\/?$/,
    infrastructure: true,
    rules: [
      { id: 'machine-lifecycle', methods: writes, path: /^\/v1\/apps\/[^/]+\/machines\/[^/]+\/(?:stop|start|restart|suspend|cordon|uncordon|wait|lease)\/?$/, effect: 'write', reason: 'stops, starts or restarts a Fly Machine' },
      { id: 'volume-delete', methods: deletes, path: /^\/v1\/apps\/[^/]+\/volumes\//, effect: 'destroy', reason: 'deletes a Fly volume and the data on it' },
      { id: 'machine-delete', methods: deletes, path: /^\/v1\/apps\/[^/]+\/machines\//, effect: 'destroy', reason: 'destroys a Fly Machine' },
      { id: 'secret-delete', methods: deletes, path: /^\/v1\/apps\/[^/]+\/secrets/, effect: 'destroy', reason: 'deletes Fly secrets' },
      { id: 'app-delete', methods: deletes, path: /^\/v1\/apps\/[^/]+\/?$/, effect: 'destroy', reason: 'deletes a Fly app with its machines and volumes' },
      { id: 'delete', methods: deletes, path: /^\//, effect: 'destroy', reason: 'deletes a Fly.io resource' },
      { id: 'write', methods: writes, path: /^\//, effect: 'write', reason: 'changes Fly Machines or apps' },
    ],
    targets: (_url, path) => appFrom(/^\/v1\/apps\/([^/]+)/.exec(path), 'Fly app in the URL'),
  },
  {
    id: 'supabase',
    name: 'Supabase',
    host: /^api\.supabase\.(?:com|io)$/,
    rules: [
      { id: 'project-delete', methods: deletes, path: /^\/v1\/projects\/[^/]+\/?$/, effect: 'destroy', reason: 'deletes a Supabase project and its database' },
      { id: 'restore', methods: writes, path: /^\/v1\/projects\/[^/]+\/database\/backups\/restore/, effect: 'destroy', reason: "restores a Supabase database backup over the database's current data" },
      { id: 'function-delete', methods: deletes, path: /^\/v1\/projects\/[^/]+\/functions\//, effect: 'destroy', reason: 'deletes a Supabase Edge Function' },
      { id: 'secret-delete', methods: deletes, path: /^\/v1\/projects\/[^/]+\/secrets/, effect: 'destroy', reason: 'deletes Supabase project secrets' },
      { id: 'branch-delete', methods: deletes, path: /^\/v1\/branches\//, effect: 'destroy', reason: 'deletes a Supabase branch and its database' },
      { id: 'pause', methods: writes, path: /^\/v1\/projects\/[^/]+\/(?:pause|restore)\/?$/, effect: 'write', reason: 'pauses or resumes a Supabase project' },
      { id: 'delete', methods: deletes, path: /^\//, effect: 'destroy', reason: 'deletes a Supabase resource' },
      { id: 'write', methods: writes, path: /^\//, effect: 'write', reason: 'changes a Supabase project' },
    ],
    targets: (_url, path) => {
      const m = /^\/v1\/projects\/([a-z0-9]+)/.exec(path);
      return m ? [{ kind: 'supabase-project', value: m[1], source: 'Supabase project in the URL' }] : [];
    },
  },
  {
    id: 'supabase-data',
    name: 'Supabase',
    host: /^[a-z0-9]+\.supabase\.(?:co|in)$/,
    rules: [
      { id: 'rows-delete', methods: deletes, path: /^\/rest\/v1\//, effect: 'destroy', reason: "deletes rows through Supabase's REST API" },
      { id: 'storage-delete', methods: deletes, path: /^\/storage\/v1\//, effect: 'destroy', reason: 'deletes files from Supabase Storage' },
      { id: 'user-delete', methods: deletes, path: /^\/auth\/v1\/admin\/users\//, effect: 'destroy', reason: 'deletes a Supabase Auth user' },
      { id: 'write', methods: writes, path: /^\//, effect: 'write', reason: "writes data through Supabase's APIs" },
    ],
    targets: (url) => [{ kind: 'supabase-project', value: url.host.slice(0, url.host.indexOf('.')), source: 'Supabase project host' }],
  },
  {
    id: 'digitalocean',
    name: 'DigitalOcean',
    host: /^api\.digitalocean\.com$/,
    rules: [
      { id: 'droplet-rebuild', methods: writes, path: /^\/v2\/droplets\/[^/]+\/actions\/?$/, effect: 'destroy', reason: "rebuilds or restores a Droplet, erasing its disk",
        when: (body) => /"type"\s*:\s*"(?:rebuild|restore)"|type=(?:rebuild|restore)\b/.test(body) },
      { id: 'droplet-delete', methods: deletes, path: /^\/v2\/droplets(?:\/|\?|$)/, effect: 'destroy', reason: 'deletes DigitalOcean Droplets' },
      { id: 'database-delete', methods: deletes, path: /^\/v2\/databases\/[^/]+\/?$/, effect: 'destroy', reason: 'deletes a DigitalOcean managed database cluster' },
      { id: 'volume-delete', methods: deletes, path: /^\/v2\/volumes/, effect: 'destroy', reason: 'deletes a DigitalOcean block storage volume' },
      { id: 'cluster-delete', methods: deletes, path: /^\/v2\/kubernetes\/clusters\//, effect: 'destroy', reason: 'deletes a DigitalOcean Kubernetes cluster' },
      { id: 'app-delete', methods: deletes, path: /^\/v2\/apps\/[^/]+\/?$/, effect: 'destroy', reason: 'deletes a DigitalOcean App Platform app' },
      { id: 'delete', methods: deletes, path: /^\//, effect: 'destroy', reason: 'deletes a DigitalOcean resource' },
      { id: 'write', methods: writes, path: /^\//, effect: 'write', reason: 'changes DigitalOcean resources' },
    ],
  },
  {
    id: 'netlify',
    name: 'Netlify',
    host: /^api\.netlify\.com$/,
    prefix: /^\/api\/v1(?=\/)/,
    rules: [
      { id: 'env-delete', methods: deletes, path: /\/env\//, effect: 'destroy', reason: 'deletes a Netlify environment variable' },
      { id: 'site-delete', methods: deletes, path: /^\/sites\/[^/]+\/?$/, effect: 'destroy', reason: 'deletes a Netlify site' },
      { id: 'deploy-delete', methods: deletes, path: /^\/(?:sites\/[^/]+\/)?deploys\//, effect: 'destroy', reason: 'deletes a Netlify deploy' },
      { id: 'delete', methods: deletes, path: /^\//, effect: 'destroy', reason: 'deletes a Netlify resource' },
      { id: 'write', methods: writes, path: /^\//, effect: 'write', reason: 'changes a Netlify site' },
    ],
    targets: (_url, path) => {
      const m = /^\/sites\/([^/]+)/.exec(path);
      if (!m) return [];
      return [{ kind: 'app', value: m[1].replace(/\.netlify\.app$/, ''), source: 'Netlify site in the URL' }];
    },
  },
  {
    id: 'render',
    name: 'Render',
    host: /^api\.render\.com$/,
    rules: [
      { id: 'lifecycle', methods: writes, path: /^\/v1\/services\/[^/]+\/(?:suspend|resume|restart|deploys|scale)/, effect: 'write', reason: 'deploys, restarts, scales or suspends a Render service' },
      { id: 'service-delete', methods: deletes, path: /^\/v1\/services\/[^/]+\/?$/, effect: 'destroy', reason: 'deletes a Render service' },
      { id: 'database-delete', methods: deletes, path: /^\/v1\/(?:postgres|redis|key-value)\/[^/]+\/?$/, effect: 'destroy', reason: 'deletes a Render database and its data' },
      { id: 'env-delete', methods: deletes, path: /\/env-vars/, effect: 'destroy', reason: 'deletes Render environment variables' },
      { id: 'delete', methods: deletes, path: /^\//, effect: 'destroy', reason: 'deletes a Render resource' },
      { id: 'write', methods: writes, path: /^\//, effect: 'write', reason: 'changes a Render service' },
    ],
  },
  {
    id: 'neon',
    name: 'Neon',
    host: /^console\.neon\.tech$/,
    prefix: /^\/api\/v2(?=\/)/,
    rules: [
      { id: 'branch-restore', methods: writes, path: /^\/projects\/[^/]+\/branches\/[^/]+\/restore\/?$/, effect: 'destroy', reason: "restores a Neon branch, overwriting its current data" },
      { id: 'project-delete', methods: deletes, path: /^\/projects\/[^/]+\/?$/, effect: 'destroy', reason: 'deletes a Neon project and all its branches' },
      { id: 'branch-delete', methods: deletes, path: /^\/projects\/[^/]+\/branches\/[^/]+\/?$/, effect: 'destroy', reason: 'deletes a Neon branch and its data' },
      { id: 'database-delete', methods: deletes, path: /\/databases\//, effect: 'destroy', reason: 'deletes a Neon database' },
      { id: 'delete', methods: deletes, path: /^\//, effect: 'destroy', reason: 'deletes a Neon resource' },
      { id: 'write', methods: writes, path: /^\//, effect: 'write', reason: 'changes a Neon project' },
    ],
  },
  {
    id: 'planetscale',
    name: 'PlanetScale',
    host: /^api\.planetscale\.com$/,
    rules: [
      { id: 'deploy', methods: writes, path: /\/deploy-requests\/[^/]+\/(?:deploy|apply-deploy|revert)/, effect: 'write', reason: 'deploys a PlanetScale schema change' },
      { id: 'database-delete', methods: deletes, path: /^\/v1\/organizations\/[^/]+\/databases\/[^/]+\/?$/, effect: 'destroy', reason: 'deletes a PlanetScale database' },
      { id: 'branch-delete', methods: deletes, path: /\/branches\/[^/]+\/?$/, effect: 'destroy', reason: 'deletes a PlanetScale branch and its data' },
      { id: 'backup-delete', methods: deletes, path: /\/backups\//, effect: 'destroy', reason: 'deletes a PlanetScale backup' },
      { id: 'delete', methods: deletes, path: /^\//, effect: 'destroy', reason: 'deletes a PlanetScale resource' },
      { id: 'write', methods: writes, path: /^\//, effect: 'write', reason: 'changes a PlanetScale database' },
    ],
    targets: (_url, path) => {
      const hints: TargetHint[] = [];
      const db = /\/databases\/([^/]+)/.exec(path);
      if (db) hints.push({ kind: 'resource', value: db[1], source: 'PlanetScale database in the URL' });
      const branch = /\/branches\/([^/]+)/.exec(path);
      if (branch) hints.push({ kind: 'stage', value: branch[1], source: 'PlanetScale branch in the URL' });
      return hints;
    },
  },
];

function apiFor(url: ParsedUrl): Api | undefined {
  if (!url.host) return undefined;
  return apis.find((api) => api.host.test(url.host));
}

function apiPath(api: Api, url: ParsedUrl): string {
  return api.prefix ? url.path.replace(api.prefix, '') : url.path;
}

function appFrom(m: RegExpExecArray | null, source: string, skip?: RegExp): TargetHint[] {
  if (!m || (skip && skip.test(m[1]))) return [];
  return [{ kind: 'app', value: decodeSegment(m[1]), source }];
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

// ---------------------------------------------------------------------------------------------
// Targets

const stageKeys = /(?:^|[&"'{,\s])(?:environment|env|stage|target|environmentName|environment_name|environmentKey|environment_key|envKey|env_key)["']?\s*[=:]\s*["']?([A-Za-z][A-Za-z0-9_-]{1,30})\b/g;
/** Path segments after which an API names an environment: `/projects/x/environments/production/…`. */
const environmentSegments: ReadonlySet<string> = new Set(['environments', 'environment', 'envs', 'env', 'stages', 'stage']);
const idLike = /^(?:\d+|[0-9a-f]{8}-[0-9a-f-]{27,}|[0-9a-f]{16,})$/i;

function urlTargets(request: HttpRequest, url: ParsedUrl): TargetHint[] {
  const hints: TargetHint[] = [];
  // The engine turns `scheme://host` arguments into host hints; a bare `host/path` needs help.
  if (url.host && url.schemeless) hints.push({ kind: 'host', value: url.host, source: 'request URL' });
  for (const header of request.headers ?? []) {
    const m = /^\s*host\s*:\s*([^\s:]+)/i.exec(header);
    if (m) hints.push({ kind: 'host', value: m[1].toLowerCase(), source: 'Host header' });
  }
  const api = apiFor(url);
  if (api?.targets) hints.push(...api.targets(url, apiPath(api, url)));
  const ns = /\/namespaces\/([^/]+)/.exec(url.path);
  if (ns && isKubernetesPath(url.path)) hints.push({ kind: 'namespace', value: decodeSegment(ns[1]), source: 'namespace in the API path' });
  let count = 0;
  for (const [k, segment] of url.segments.entries()) {
    if (count++ >= 12) break;
    if (k > 0 && environmentSegments.has(url.segments[k - 1].toLowerCase())) hints.push({ kind: 'stage', value: decodeSegment(segment), source: 'environment in the API path' });
    if (segment.length < 3 || idLike.test(segment)) continue;
    hints.push({ kind: 'resource', value: decodeSegment(segment), source: 'URL path' });
  }
  for (const text of [url.query, (request.body ?? '').slice(0, 4096)]) {
    if (!text) continue;
    for (const m of text.matchAll(stageKeys)) hints.push({ kind: 'stage', value: m[1], source: 'environment named in the request' });
  }
  return hints;
}

// ---------------------------------------------------------------------------------------------
// SQL sent over HTTP (Supabase's query endpoint, Cloudflare D1, Neon's /sql, ClickHouse, Turso)

interface SqlVerdict {
  readonly rule: string;
  readonly effect: Effect;
  readonly reason: string;
}

const sqlStart = /^\s*(?:--[^\n]*\n\s*)*(select|insert|update|delete|drop|truncate|alter|create|with|grant|revoke|merge|replace|copy|vacuum|show|explain|describe|desc|pragma|begin|set|comment|reindex|rename|upsert|values|table)\b/i;
/** HTTP endpoints that run the SQL they are sent. Matched against `host:port/path`. */
const sqlEndpoint = /^api\.supabase\.com:\d*\/v1\/projects\/[^/]*\/database\/query$|^api\.cloudflare\.com:\d*\/client\/v4\/accounts\/[^/]*\/d1\/database\/[^/]*\/(?:query|raw)$|\.neon\.tech:\d*\/sql$|\.turso\.io:\d*\/v[12]\/(?:pipeline|execute)$|:8123\/$|:\d*\/v2\/query$|:\d*\/api\/2\.0\/sql\/statements\/?$|:\d*\/api\/v2\/statements$|^bigquery\.googleapis\.com:\d*\/bigquery\/v2\/projects\/[^/]+\/queries$/;
const sqlKeys = new Set(['sql', 'query', 'statement', 'stmt', 'q']);
const sqlJsonField = /"(?:sql|query|statement)"\s*:\s*"((?:[^"\\]|\\.)*)"/g;
const sqlQueryParameter = /(?:^|&)query=([^&]*)/;

/** SQL statements a body (JSON fields, a raw SQL body) or the `query` parameter carries, classified by the shared SQL classifier. */
function sqlInBody(body: string, url: ParsedUrl): SqlVerdict | undefined {
  const statements: string[] = [];
  const text = body.trim();
  if (text[0] === '{' || text[0] === '[') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    if (parsed !== undefined) collectSql(parsed, statements, 0);
    else for (const m of text.matchAll(sqlJsonField)) if (sqlStart.test(m[1])) statements.push(m[1]);
  } else if (sqlStart.test(text)) {
    statements.push(text);
  }
  const q = sqlQueryParameter.exec(url.query);
  if (q) {
    const decoded = decodeSegment(q[1].replace(/\+/g, ' '));
    if (sqlStart.test(decoded)) statements.push(decoded);
  }
  if (statements.length === 0) return undefined;
  let worst: SqlVerdict | undefined;
  for (const sql of statements) {
    const { effect, reason } = classifySql(sql);
    if (!worst || effectSeverity[effect] > effectSeverity[worst.effect]) worst = { rule: effect, effect, reason: `runs SQL (${reason})` };
  }
  return worst;
}

function collectSql(value: unknown, out: string[], depth: number): void {
  if (depth > 4 || out.length > 32) return;
  if (Array.isArray(value)) {
    for (const item of value) collectSql(item, out, depth + 1);
    return;
  }
  if (!value || typeof value !== 'object') return;
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    if (typeof v === 'string' && sqlKeys.has(key) && sqlStart.test(v)) out.push(v);
    else if (typeof v === 'object') collectSql(v, out, depth + 1);
  }
}
