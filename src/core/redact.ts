/**
 * Redaction of command lines before they are shown, logged or audited. Pure (no vscode import).
 * Removes values that look like credentials: assignments to secret-looking variables, secret flags,
 * bearer and basic authorization headers, passwords in URLs, and long token-shaped words.
 */

const secretName = '[A-Za-z0-9_]*(?:TOKEN|SECRET|PASSWORD|PASSWD|PASS|PWD|API_?KEY|ACCESS_?KEY|PRIVATE_?KEY|CREDENTIALS?|AUTH)[A-Za-z0-9_]*';

const patterns: readonly [RegExp, string][] = [
  // NAME=value for secret-looking names (env prefixes, exports).
  [new RegExp(`\\b(${secretName})=("[^"]*"|'[^']*'|\\S+)`, 'gi'), '$1=***'],
  // --token value, --password=value, -p'value' is too ambiguous to touch.
  [/(--?(?:[a-z0-9-]*(?:token|secret|password|passwd|api-?key|access-?key|private-?key|auth)[a-z0-9-]*))(=|\s+)("[^"]*"|'[^']*'|\S+)/gi, '$1$2***'],
  // Authorization headers.
  [/(authorization:\s*(?:bearer|basic|token)\s+)[^\s"']+/gi, '$1***'],
  [/\b(bearer\s+)[A-Za-z0-9._~+/=-]{8,}/gi, '$1***'],
  // user:password@ in URLs.
  [/(\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@]+:)[^\s@/]+@/gi, '$1***@'],
  // Well-known token shapes.
  [/\b(?:gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,}|xox[abposr]-[A-Za-z0-9-]{10,}|sk-[A-Za-z0-9_-]{20,}|AKIA[0-9A-Z]{16}|eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{5,})\b/g, '***'],
];

export function redact(line: string): string {
  let out = line;
  for (const [re, replacement] of patterns) out = out.replace(re, replacement);
  return out;
}

/** Redacts, then shortens to `max` characters with an ellipsis, keeping one line. */
export function redactForDisplay(line: string, max = 400): string {
  const flat = redact(line).replace(/\r?\n/g, ' ⏎ ');
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/**
 * Text that came from a command line or an agent, made safe for a notification or a markdown
 * tooltip: no markdown links, no `command:` URIs, no HTML.
 */
export function safeMarkdownText(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>~]/g, (c) => `\\${c}`).replace(/command:/gi, 'command\u200b:');
}
