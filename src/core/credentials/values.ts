/**
 * What counts as a credential's value: shared by the scanner (what to report), the fingerprints
 * (what to remember from a secret file) and the engine (what to look for on a command line), so
 * the three agree on what a token is.
 */

/** Text in a value that says it is a placeholder, a documentation example or a template. */
const placeholderWords = /example|placeholder|changeme|change_me|dummy|sample|redacted|your[_-]?(?:api[_-]?)?(?:token|key|secret|password)|insert|xxxx|\*\*\*\*|<[^>]*>|\$\{|\$\(|\{\{/i;
/** Passwords so common in templates and local setups that they prove nothing. */
const commonPasswords: ReadonlySet<string> = new Set([
  'password', 'passwd', 'pass', 'secret', 'postgres', 'mysql', 'root', 'admin', 'changeme', 'test', 'testing', 'example', 'guest', 'user', 'default',
]);

/** Whether a value is a stand-in rather than a credential: documented examples, templates, runs of one character, counting sequences. */
export function isPlaceholder(value: string): boolean {
  if (value.length === 0) return true;
  if (placeholderWords.test(value)) return true;
  if (commonPasswords.has(value.toLowerCase())) return true;
  const distinct = new Set(value.replace(/^[a-z]{2,6}_/i, '')).size;
  if (distinct <= 3) return true;
  if (/0123456789|123456789|abcdefghij|ABCDEFGHIJ/.test(value) && distinct < 14) return true;
  return false;
}

/** Variable names whose value is a credential whatever it looks like. */
const credentialName = /TOKEN|SECRET|PASSWORD|PASSWD|PASS\b|_PASS|PWD|API_?KEY|ACCESS_?KEY|PRIVATE|AUTH|CREDENTIAL|DSN|SESSION|COOKIE|SIGNING|WEBHOOK/i;
const urlWithUser = /^[a-z][a-z0-9+.-]*:\/\/[^/\s:@]*:([^@\s/]+)@/i;

/**
 * The parts of a variable's value that carry its power, to be remembered by fingerprint: the value
 * itself when the name says it is a credential or it looks like a token, and the password of a URL.
 * Short values, placeholders and plain words (`production`, `eu-west-1`) carry none.
 */
export function credentialParts(name: string, value: string): string[] {
  const parts: string[] = [];
  const password = urlWithUser.exec(value)?.[1];
  if (password !== undefined) {
    if (password.length >= 8 && !isPlaceholder(password)) parts.push(password);
    parts.push(value);
    return parts;
  }
  if (value.length < 8 || isPlaceholder(value)) return parts;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) return parts;
  if (credentialName.test(name) || looksLikeToken(value)) parts.push(value);
  return parts;
}

/** Long, mixed letters and digits, no spaces: the shape of a generated token. */
export function looksLikeToken(value: string): boolean {
  return value.length >= 16 && !/\s/.test(value) && /[0-9]/.test(value) && /[A-Za-z]/.test(value) && new Set(value).size >= 10;
}
