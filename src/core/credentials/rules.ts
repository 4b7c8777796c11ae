/**
 * The kinds of credential the scanner names, and the detectors Bulkhead adds to the maintained rule
 * set the Node side runs (secretlint's recommended preset): the providers it does not cover (Fly,
 * Heroku, Supabase, DigitalOcean), AWS access key ids (the preset's id scan is slow and reports
 * account ids too), database URLs beyond PostgreSQL, MySQL and MongoDB, and the
 * tokens that are bare UUIDs (Railway, Heroku API keys), which only their context tells apart.
 */

/** One match in a file's text: where the credential is, and which part of it is the secret. */
export interface RawMatch {
  readonly kind: string;
  readonly start: number;
  readonly end: number;
  /** The secret inside the match when it is only a part (a URL's password); the whole match by default. */
  readonly secretStart?: number;
  readonly secretEnd?: number;
}

/** A rule: all its matches in a text. Pure and synchronous, so it runs in a worker or in the core alike. */
export type Detector = (text: string, file?: string) => RawMatch[];

/** How each kind is named to a human: "production Railway token in scripts/old-deploy.sh". */
export const credentialLabels: Readonly<Record<string, string>> = {
  'aws-access-key': 'AWS access key',
  'aws-secret-key': 'AWS secret access key',
  'gcp-service-account': 'Google Cloud service-account key',
  'github-token': 'GitHub token',
  'gitlab-token': 'GitLab token',
  'stripe-key': 'Stripe key',
  'slack-token': 'Slack token',
  'slack-webhook': 'Slack webhook URL',
  'openai-key': 'OpenAI API key',
  'anthropic-key': 'Anthropic API key',
  'cloudflare-token': 'Cloudflare API token',
  'vercel-token': 'Vercel token',
  'fly-token': 'Fly.io token',
  'heroku-key': 'Heroku API key',
  'supabase-key': 'Supabase key',
  'digitalocean-token': 'DigitalOcean token',
  'npm-token': 'npm token',
  'private-key': 'private key',
  'database-url': 'database URL with a password',
  'basic-auth': 'URL with a password',
  'railway-token': 'Railway token',
  'vault-token': 'HashiCorp Vault token',
  'docker-token': 'Docker Hub token',
  'sendgrid-key': 'SendGrid API key',
  'shopify-key': 'Shopify token',
  'huggingface-token': 'Hugging Face token',
  'grafana-token': 'Grafana token',
  'onepassword-token': '1Password service-account token',
  'tailscale-key': 'Tailscale key',
  'api-token': 'API token',
};

/**
 * secretlint's message ids, by the kind Bulkhead names them (empty: a kind one of Bulkhead's own
 * detectors reports instead). The preset's message text carries the whole secret, so only the id
 * and the range of a report are ever read.
 */
export const secretlintKinds: Readonly<Record<string, string>> = {
  AWSAccessKeyID: 'aws-access-key', AWSSecretAccessKey: 'aws-secret-key',
  PrivateKeyJSON: 'gcp-service-account', PrivateKeyP12: 'gcp-service-account', PrivateKey: 'private-key',
  GITHUB_TOKEN: 'github-token', GITLAB_PERSONAL_ACCESS_TOKEN: 'gitlab-token',
  STRIPE_SECRET_KEY_LIVE: 'stripe-key', STRIPE_SECRET_KEY_TEST: 'stripe-key', STRIPE_RESTRICTED_KEY_LIVE: 'stripe-key', STRIPE_RESTRICTED_KEY_TEST: 'stripe-key',
  SLACK_TOKEN: 'slack-token', IncomingWebhook: 'slack-webhook',
  OPENAI_TOKEN: 'openai-key', ANTHROPIC_API_KEY: 'anthropic-key',
  CLOUDFLARE_ACCOUNT_API_TOKEN: 'cloudflare-token', CLOUDFLARE_GLOBAL_API_KEY: 'cloudflare-token', CLOUDFLARE_USER_API_TOKEN: 'cloudflare-token',
  VERCEL_PERSONAL_ACCESS_TOKEN: 'vercel-token', VERCEL_INTEGRATION_TOKEN: 'vercel-token', VERCEL_APP_ACCESS_TOKEN: 'vercel-token',
  VERCEL_APP_REFRESH_TOKEN: 'vercel-token', VERCEL_AI_GATEWAY_API_KEY: 'vercel-token',
  NPM_ACCESS_TOKEN: 'npm-token', Npmrc_authToken: 'npm-token', PackageJSON_xOauthToken: 'npm-token',
  // Database URLs are Bulkhead's own detector's: it covers more schemes and reports the password's range alone.
  PostgreSQLConnection: '', MySQLConnection: '', MongoDBConnection: '',
  BasicAuth: 'basic-auth',
  HASHICORP_VAULT_SERVICE_TOKEN: 'vault-token', HASHICORP_VAULT_BATCH_TOKEN: 'vault-token', HASHICORP_VAULT_RECOVERY_TOKEN: 'vault-token',
  DOCKER_PERSONAL_ACCESS_TOKEN: 'docker-token', SENDGRID_KEY: 'sendgrid-key', SHOPIFY_KEY: 'shopify-key',
  HUGGINGFACE_USER_ACCESS_TOKEN: 'huggingface-token', GRAFANA_CLOUD_API_TOKEN: 'grafana-token', GRAFANA_SERVICE_ACCOUNT_TOKEN: 'grafana-token',
  OPS_TOKEN: 'onepassword-token',
  TAILSCALE_API_KEY: 'tailscale-key', TAILSCALE_AUTH_KEY: 'tailscale-key', TAILSCALE_CLIENT_KEY: 'tailscale-key', TAILSCALE_SCIM_KEY: 'tailscale-key',
  TAILSCALE_WEBHOOK_KEY: 'tailscale-key', TAILSCALE_KEY: 'tailscale-key',
};

function regexDetector(kind: string, pattern: RegExp): Detector {
  return (text) => [...text.matchAll(pattern)].map((m) => ({ kind, start: m.index ?? 0, end: (m.index ?? 0) + m[0].length }));
}

const localHosts = /^(?:localhost|127\.0\.0\.1|\[?::1\]?|0\.0\.0\.0|host\.docker\.internal)(?::\d+)?$/i;

/** Database URLs with a password in them, for the schemes secretlint's rule does not cover and the ones it does (duplicates merge). */
const databaseUrl: Detector = (text) => {
  const out: RawMatch[] = [];
  if (!text.includes('://')) return out;
  const pattern = /\b(?:postgres(?:ql)?|mysql|mariadb|mongodb(?:\+srv)?|rediss?|amqps?|mssql|sqlserver|clickhouse|cockroachdb)(?:\+[a-z0-9]+)?:\/\/([^\s:@/'"`]*):([^\s@/'"`]+)@([^\s/'"`?#,;)]+)/gi;
  for (const m of text.matchAll(pattern)) {
    if (localHosts.test(m[3])) continue;
    const start = m.index ?? 0;
    const secretStart = start + m[0].indexOf(`:${m[2]}@`) + 1;
    out.push({ kind: 'database-url', start, end: start + m[0].length, secretStart, secretEnd: secretStart + m[2].length });
  }
  return out;
};

const uuid = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi;
/** How far around a bare UUID its context is read: the same line and this many lines either side. */
const contextLines = 3;

/**
 * Railway's account, team and project tokens, and Heroku's API keys, are bare UUIDs; so are the
 * project, service, environment and volume ids next to them. A UUID is a token only where its
 * context says so: the value of a RAILWAY_*TOKEN or HEROKU_API_KEY variable, or the bearer /
 * project-access token of a request with a Railway (Heroku) URL or config nearby.
 */
const contextualUuids: Detector = (text) => {
  const out: RawMatch[] = [];
  if (!/railway|heroku/i.test(text)) return out;
  for (const m of text.matchAll(uuid)) {
    const start = m.index ?? 0;
    const kind = uuidKind(text, start);
    if (kind) out.push({ kind, start, end: start + m[0].length });
  }
  return out;
};

function uuidKind(text: string, at: number): string | undefined {
  const lineStart = text.lastIndexOf('\n', at - 1) + 1;
  const before = text.slice(Math.max(lineStart, at - 200), at);
  const named = /([A-Za-z_][A-Za-z0-9_.-]*)["']?\s*(?:=|:=|:|=>)\s*["']?$/.exec(before)?.[1];
  if (named !== undefined) {
    if (/(?:^|[_.-])ids?$|Id$|_ID$/i.test(named)) return undefined;
    if (/railway/i.test(named) && /token|key|secret/i.test(named)) return 'railway-token';
    if (/heroku/i.test(named) && /key|token/i.test(named)) return 'heroku-key';
  }
  const asCredential = /(?:\bBearer\s+|\bProject-Access-Token["']?\s*:\s*["']?|\bTeam-Access-Token["']?\s*:\s*["']?|--token[= ]["']?|["']?(?:api_?)?token["']?\s*[:=]\s*["']?)$/i.test(before);
  if (!asCredential) return undefined;
  const around = surrounding(text, at, contextLines);
  if (/railway\.(?:app|com)\b|\brailway\b/i.test(around)) return 'railway-token';
  if (/api\.heroku\.com|\bheroku\b/i.test(around)) return 'heroku-key';
  return undefined;
}

/** The text of the line holding `at` and `lines` lines either side. */
export function surrounding(text: string, at: number, lines: number): string {
  let start = text.lastIndexOf('\n', at - 1);
  for (let i = 0; i < lines && start > 0; i++) start = text.lastIndexOf('\n', start - 1);
  let end = text.indexOf('\n', at);
  for (let i = 0; i < lines && end >= 0; i++) end = text.indexOf('\n', end + 1);
  return text.slice(start + 1, end < 0 ? text.length : end);
}

/** Bulkhead's own detectors, run beside the maintained rule set. */
export const ownDetectors: readonly Detector[] = [
  regexDetector('aws-access-key', /\b(?:AKIA|ASIA|ABIA|ACCA|A3T[A-Z0-9])[A-Z0-9]{16}\b/g),
  regexDetector('fly-token', /\b(?:fo1_[A-Za-z0-9_-]{39,}|fm[12][ar]?_[A-Za-z0-9+/=_-]{40,})/g),
  regexDetector('heroku-key', /\bHRKU-[A-Za-z0-9_-]{40,}/g),
  regexDetector('supabase-key', /\b(?:sbp_[a-f0-9]{40}|sb_secret_[A-Za-z0-9_-]{20,})\b/g),
  regexDetector('digitalocean-token', /\bdo[opr]_v1_[a-f0-9]{64}\b/g),
  databaseUrl,
  contextualUuids,
];
