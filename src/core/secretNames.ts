/**
 * File names that hold credentials wherever they are: environment files (`.env.production`,
 * `prod.env`), private keys and keystores, credential stores and service-account keys. Examples and
 * templates are not.
 */
const secretFileName = /^(?:\.env(?:\.(?!example$|sample$|template$|dist$|defaults?$)[\w-]+)?|(?!example|sample|template)[\w-]+\.env|[\w.-]+\.(?:pem|key|p12|pfx|jks|kdbx)|credentials(?:\.json)?|id_(?:rsa|ecdsa|ed25519|dsa)|\.pgpass|\.netrc|\.git-credentials|secrets?\.(?:ya?ml|json|env|toml)|[\w.-]*service[-_]account[\w.-]*\.json)$/;

/** Whether the last part of a path (`/srv/app/.env`, `host:/etc/acme/prod.env`) is named like a secret. */
export function namedLikeSecret(path: string): boolean {
  const trimmed = path.replace(/\/+$/, '');
  return secretFileName.test(trimmed.slice(Math.max(trimmed.lastIndexOf('/'), trimmed.lastIndexOf(':')) + 1));
}
