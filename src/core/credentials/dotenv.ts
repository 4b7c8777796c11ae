/** One `NAME=value` of a dotenv file, with the 1-based line it is on. */
export interface DotenvEntry {
  readonly name: string;
  readonly value: string;
  readonly line: number;
}

const assignment = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*[=:]\s*(.*)$/;

/**
 * The assignments of a `.env` file as dotenv reads them: `export` prefixes, single, double and
 * back quotes (a double-quoted value may span lines), `#` comments after an unquoted value.
 */
export function parseDotenv(text: string): DotenvEntry[] {
  const entries: DotenvEntry[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const m = assignment.exec(lines[i]);
    if (!m || lines[i].trimStart().startsWith('#')) continue;
    const [, name, rest] = m;
    const quote = rest[0];
    if (quote === '"' || quote === "'" || quote === '`') {
      let body = rest.slice(1);
      let end = body.indexOf(quote);
      const start = i;
      while (end < 0 && quote === '"' && i + 1 < lines.length && i - start < 200) {
        i++;
        body += `\n${lines[i]}`;
        end = body.indexOf(quote);
      }
      const value = end < 0 ? body : body.slice(0, end);
      entries.push({ name, value: quote === '"' ? value.replace(/\\n/g, '\n') : value, line: start + 1 });
      continue;
    }
    entries.push({ name, value: rest.replace(/\s+#.*$/, '').trim(), line: i + 1 });
  }
  return entries;
}
