/**
 * `.env` files as sealing sees them: which keys a file sets, and their values for a terminal's
 * environment. Pure; the file's bytes are kept whole elsewhere, so unsealing never re-renders it.
 */

const assignment = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*(.*)$/;

/** The keys a file sets, in order, each once. */
export function envKeyNames(text: string): string[] {
  const seen = new Set<string>();
  for (const line of text.split(/\r?\n/)) {
    const m = assignment.exec(line);
    if (m && !line.trimStart().startsWith('#')) seen.add(m[1]);
  }
  return [...seen];
}

/** The values as dotenv reads them: quotes removed, `\n` in double quotes a newline, `# comments` after unquoted values dropped. */
export function envValues(text: string): Map<string, string> {
  const values = new Map<string, string>();
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line.trimStart().startsWith('#')) continue;
    const m = assignment.exec(line);
    if (!m) continue;
    let raw = m[2];
    const quote = raw[0];
    if (quote === '"' || quote === "'" || quote === '`') {
      // A quoted value may run over several lines, up to its closing quote (bounded by the file).
      let body = raw.slice(1);
      while (!new RegExp(`(?<!\\\\)${quote}\\s*(?:#.*)?$`).test(body) && i + 1 < lines.length) body += `\n${lines[++i]}`;
      body = body.replace(new RegExp(`(?<!\\\\)${quote}\\s*(?:#.*)?$`), '');
      raw = quote === '"' ? body.replace(/\\n/g, '\n').replace(/\\"/g, '"') : body;
    } else {
      raw = raw.replace(/\s+#.*$/, '').trim();
    }
    values.set(m[1], raw);
  }
  return values;
}

export const sealedMarker = '# bulkhead:sealed';

/** What stays on disk: the key names only, and how to get the values back. */
export function sealedStub(environment: string, keys: readonly string[], eol: string): string {
  return [
    `${sealedMarker} ${environment}`,
    `# The values of this file are sealed in the OS keychain by Bulkhead. New terminals receive them`,
    `# while ${environment} is active; "Bulkhead: Unseal Secrets…" restores this file exactly.`,
    ...keys.map((k) => `# ${k}`),
    '',
  ].join(eol);
}

export function isSealedStub(text: string): boolean {
  return text.startsWith(sealedMarker);
}
