import type { ScriptLanguage } from './languages';

/** Where a script reads environment variables: `os.environ['X']`, `process.env.X`, `ENV['X']`, `$ENV{X}`, `getenv('X')`. */
const envInTextSources: readonly RegExp[] = [
  /\bos\.environ\s*\[\s*['"](\w+)['"]\s*\]/,
  /\b(?:os\.environ\.get|os\.getenv|getenv)\s*\(\s*['"](\w+)['"]/,
  /\bprocess\.env\.([A-Za-z_]\w*)/,
  /\bprocess\.env\s*\[\s*['"`](\w+)['"`]\s*\]/,
  /\b(?:Deno\.env\.get)\s*\(\s*['"`](\w+)['"`]/,
  /\bBun\.env\.([A-Za-z_]\w*)/,
  /\bENV\s*\[\s*['"](\w+)['"]\s*\]/,
  /\bENV\.fetch\s*\(\s*['"](\w+)['"]/,
  /\$ENV\s*\{\s*['"]?(\w+)['"]?\s*\}/,
  /\$_(?:ENV|SERVER)\s*\[\s*['"](\w+)['"]\s*\]/,
];

/** The same patterns, global, for finding every read in a script. */
const envInTextPatterns: readonly RegExp[] = envInTextSources.map((p) => new RegExp(p.source, 'g'));

export function envInText(text: string): string | undefined {
  const trimmed = text.trim();
  for (const pattern of envInTextSources) {
    const m = pattern.exec(trimmed);
    if (m && m.index === 0 && envReadTail.test(trimmed.slice(m[0].length))) return m[1];
  }
  return undefined;
}

/** What may follow the variable name in a read: a closing quote and bracket, or a default value. */
const envReadTail = /^['"`]?\s*(?:,[^)]*)?[\])]?\s*$/;

/** Every environment variable a script reads, wherever it is read. */
export function envNamesIn(code: string): string[] {
  const names = new Set<string>();
  for (const pattern of envInTextPatterns) {
    for (const m of code.matchAll(pattern)) names.add(m[1]);
  }
  return [...names];
}

/** Where each language reads one variable: the name follows in the match, or as the string literal next to it. */
export const envReadPatterns: Readonly<Record<ScriptLanguage, readonly RegExp[]>> = {
  python: [/os\.environ\s*\[\s*(?=\u0001)/y, /(?:os\.environ\.get|os\.getenv|getenv)\s*\(\s*(?=\u0001)/y, /environ\s*\[\s*(?=\u0001)/y],
  node: [/process\.env\.([A-Za-z_]\w*)/y, /process\.env\s*\[\s*(?=\u0001)/y, /Bun\.env\.([A-Za-z_]\w*)/y, /Deno\.env\.get\s*\(\s*(?=\u0001)/y],
  deno: [/Deno\.env\.get\s*\(\s*(?=\u0001)/y, /process\.env\.([A-Za-z_]\w*)/y],
  ruby: [/ENV\s*\[\s*(?=\u0001)/y, /ENV\.fetch\s*\(\s*(?=\u0001)/y],
  perl: [/\$ENV\s*\{\s*(\w+)\s*\}/y, /\$ENV\s*\{\s*(?=\u0001)/y],
  php: [/getenv\s*\(\s*(?=\u0001)/y, /\$_(?:ENV|SERVER)\s*\[\s*(?=\u0001)/y],
};
