import type { TargetHint } from '../model';
import { stageTokens } from './stages';

/**
 * Helpers for packs: turn URLs, connection strings, ARNs and bucket URIs into target hints.
 * All of them tolerate junk and return no hint rather than throw.
 */

/** `postgres://u:p@db.prod.acme.internal:5432/app` → host and database. Also `https://…`, `redis://…`. */
export function hintsFromUrl(value: string, source: string): TargetHint[] {
  const m = /^([a-z][a-z0-9+.-]*):\/\/(?:[^@/?#]*@)?(\[[^\]]+\]|[^:/?#]*)(?::\d+)?(\/[^?#]*)?/i.exec(value.trim());
  if (!m) return [];
  const scheme = m[1].toLowerCase();
  const host = m[2].replace(/^\[|\]$/g, '').toLowerCase();
  const hints: TargetHint[] = [];
  if (scheme === 's3' || scheme === 'gs' || scheme === 'az' || scheme === 'r2') {
    if (host) hints.push({ kind: 'resource', value: host, source });
    return hints;
  }
  // A 1Password secret reference names its vault and item (`op://Production/postgres/url`): their stage words are where it belongs.
  if (scheme === 'op') {
    const item = (m[3] ?? '').split('/').filter(Boolean)[0] ?? '';
    for (const stage of new Set([...stageTokensOf(host), ...stageTokensOf(item)])) hints.push({ kind: 'stage', value: stage, source: `${source} ${value.trim()}` });
    return hints;
  }
  if (host) hints.push({ kind: 'host', value: host, source }, ...hintsFromRegistry(host, (m[3] ?? '').split('/').filter(Boolean), source));
  // A hosted service is often reached under its resource's own name: acme-prod-cache.upstash.io, acme-prod-assets.s3.amazonaws.com.
  const label = /^([a-z0-9][a-z0-9-]{2,62})\.[a-z0-9-]+\.[a-z0-9.-]+$/.exec(host);
  if (label && label[1].includes('-')) hints.push({ kind: 'resource', value: label[1], source });
  // Supabase names a project's database and API by its reference: db.<ref>.supabase.co, <ref>.supabase.co.
  const supabase = /^(?:db\.)?([a-z0-9]{8,32})\.supabase\.(?:co|com|in)$/.exec(host);
  if (supabase) hints.push({ kind: 'supabase-project', value: supabase[1], source });
  const pooler = /^[a-z]+\.([a-z0-9]{8,32})@[^@]*pooler\.supabase\.com/i.exec(value.replace(/^[a-z+]+:\/\//i, '').replace(/:[^@/]*@/, '@'));
  if (pooler) hints.push({ kind: 'supabase-project', value: pooler[1], source });
  // Azure Storage endpoints carry the account, whose name has no separators: acmeprod.blob.core.windows.net.
  const storageAccount = /^([a-z0-9]{3,24})\.(?:blob|file|queue|table|dfs|web|z\d+\.web)\.core\.windows\.net$/.exec(host);
  const fused = storageAccount ? fusedStageOf(storageAccount[1]) : undefined;
  if (storageAccount) hints.push({ kind: 'resource', value: storageAccount[1], source });
  if (fused) hints.push({ kind: 'stage', value: fused, source: `${source} ${storageAccount?.[1]}` });
  const path = m[3]?.replace(/^\//, '');
  if (path && /^(postgres|postgresql|mysql|mariadb|mongodb|mongodb\+srv|redis|rediss|sqlserver|cockroachdb)$/.test(scheme)) {
    const database = path.split('/')[0];
    if (database) hints.push({ kind: 'database', value: database, source }, { kind: 'resource', value: database, source });
  }
  return hints;
}

/** `arn:aws:eks:eu-west-1:111111111111:cluster/prod` → account, region, the ARN and its resource name. */
export function hintsFromArn(value: string, source: string): TargetHint[] {
  const m = /^arn:(aws[a-z-]*):([^:]*):([^:]*):(\d{12})?:(.+)$/.exec(value);
  if (!m) return [];
  const hints: TargetHint[] = [{ kind: 'resource', value, source }];
  if (m[4]) hints.push({ kind: 'aws-account', value: m[4], source });
  if (m[3]) hints.push({ kind: 'aws-region', value: m[3], source });
  const name = m[5].split(/[/:]/).pop();
  if (name) hints.push({ kind: 'resource', value: name, source });
  if (m[2] === 'eks') hints.push({ kind: 'kube-context', value, source });
  return hints;
}

/** libpq keyword form: `host=db.prod port=5432 dbname=app`. */
export function hintsFromConninfo(value: string, source: string): TargetHint[] {
  const hints: TargetHint[] = [];
  for (const m of value.matchAll(/\b(host|hostaddr|dbname|database|server|data source)\s*=\s*('[^']*'|[^\s;]+)/gi)) {
    const v = m[2].replace(/^'|'$/g, '');
    const key = m[1].toLowerCase();
    if (key === 'host' || key === 'hostaddr' || key === 'server' || key === 'data source') hints.push({ kind: 'host', value: v.toLowerCase(), source });
    else hints.push({ kind: 'database', value: v, source }, { kind: 'resource', value: v, source });
  }
  return hints;
}

const ecrRegistry = /^(\d{12})\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?$/;
const artifactRegistry = /^(?:[a-z0-9-]+-docker\.pkg\.dev|(?:[a-z]+\.)?gcr\.io)$/;
const cloudRegistryImage = /^(?:\d{12}\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com(?:\.cn)?|[a-z0-9-]+-docker\.pkg\.dev|(?:[a-z]+\.)?gcr\.io)(?::\d+)?\//;

/**
 * A container registry's host names its cloud account: ECR's `<account>.dkr.ecr.<region>.amazonaws.com`,
 * and the project that follows an Artifact Registry or GCR host (`europe-docker.pkg.dev/acme-prod/…`).
 */
export function hintsFromRegistry(host: string, path: readonly string[], source: string): TargetHint[] {
  const hints: TargetHint[] = [];
  const ecr = ecrRegistry.exec(host);
  if (ecr) hints.push({ kind: 'aws-account', value: ecr[1], source }, { kind: 'aws-region', value: ecr[2], source });
  if (artifactRegistry.test(host) && path.length > 1) hints.push({ kind: 'gcp-project', value: path[0], source });
  return hints;
}

/** `/subscriptions/<id>/resourceGroups/<rg>/providers/<ns>/<type>/<name>`: an Azure resource's subscription, group and name. */
const azureResourceId = /^\/subscriptions\/([^/\s?#]+)(?:\/resourcegroups\/([^/\s?#]+))?(?:\/providers\/[^/\s?#]+\/[^/\s?#]+\/([^/\s?#]+))?/i;

export function hintsFromAzureId(value: string, source: string): TargetHint[] {
  const m = azureResourceId.exec(value);
  if (!m) return [];
  const hints: TargetHint[] = [{ kind: 'azure-subscription', value: m[1], source }];
  if (m[2]) hints.push({ kind: 'azure-resource-group', value: m[2], source }, ...stageTokensOf(m[2]).map((stage) => ({ kind: 'stage', value: stage, source })));
  if (m[3]) hints.push({ kind: 'resource', value: m[3], source }, ...stageTokensOf(m[3]).map((stage) => ({ kind: 'stage', value: stage, source })));
  return hints;
}

/** Any of the above, for a single argument or variable value; also an image in a cloud registry. */
export function hintsFromValue(value: string, source: string): TargetHint[] {
  // Sqitch's database URIs put `db:` before the engine's URL: `db:pg://app@db.prod.acme.internal/acme`.
  if (/^db:[a-z0-9+]+:\/\//i.test(value)) return hintsFromUrl(value.slice(3), source);
  if (value.includes('://')) return hintsFromUrl(value, source);
  if (value.startsWith('arn:')) return hintsFromArn(value, source);
  if (value.startsWith('/subscriptions/')) return hintsFromAzureId(value, source);
  if (/\b(host|dbname)=/.test(value)) return hintsFromConninfo(value, source);
  if (cloudRegistryImage.test(value)) {
    const [host, ...path] = value.split('@')[0].split('/');
    return [{ kind: 'host', value: host.replace(/:\d+$/, '').toLowerCase(), source }, ...hintsFromRegistry(host.replace(/:\d+$/, '').toLowerCase(), path, source)];
  }
  return [];
}

/**
 * A stage word inside a name that allows no separators (Azure storage accounts and registries:
 * `acmeprodstorage`); `product` and `staged` are not stages.
 */
export function fusedStageOf(name: string): string | undefined {
  return /^[a-z0-9]{3,50}$/.test(name) ? /(production|prod|prd|staging|stg)(?!uct|uce|igy|ed)/.exec(name)?.[1] : undefined;
}

const tokenSeparators = /[^a-z0-9]+/;

/** The stages a name's tokens name, each once, in order: `orders-prod` gives `prod`. */
export function stageTokensOf(name: string): string[] {
  if (!name || name.length > 256) return [];
  const stages: string[] = [];
  for (const token of name.toLowerCase().split(tokenSeparators)) {
    if (stageTokens.has(token) && !stages.includes(token)) stages.push(token);
  }
  return stages;
}
