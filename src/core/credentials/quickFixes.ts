import { isMap, isSeq, parseDocument } from 'yaml';

/**
 * The policy text with `file` added to an environment's `secrets`, comments and layout kept; the
 * text unchanged when the file is already listed; undefined when the policy cannot be read or has
 * no such environment.
 */
export function withSecretFile(policyText: string, environment: string, file: string): string | undefined {
  const doc = parseDocument(policyText);
  if (doc.errors.length > 0) return undefined;
  const env = doc.getIn(['environments', environment]);
  if (!isMap(env)) return undefined;
  const secrets = env.get('secrets', true);
  if (isSeq(secrets)) {
    if (secrets.items.some((item) => String((item as { value?: unknown }).value ?? item) === file)) return policyText;
    secrets.add(doc.createNode(file));
  } else {
    env.set('secrets', doc.createNode([file], { flow: true }));
  }
  return doc.toString();
}

/**
 * The variable a credential moved into a secret file is read from: the name it was assigned to on
 * its line (`export GH=…`, `token: …`), else one made of its environment and kind
 * (`PRODUCTION_RAILWAY_TOKEN`).
 */
export function variableNameFor(lineBefore: string, environment: string, kind: string): string {
  const named = /([A-Za-z_][A-Za-z0-9_]*)["']?\s*(?:=|:=|:|=>)\s*["']?$/.exec(lineBefore)?.[1];
  if (named && /[A-Z]/.test(named) && named === named.toUpperCase()) return named;
  return `${environment}_${kind}`.toUpperCase().replace(/[^A-Z0-9]+/g, '_');
}
