/** The interpreters whose one-liners Bulkhead reads, by program name. */
export type ScriptLanguage = 'python' | 'node' | 'ruby' | 'perl' | 'deno' | 'php';

export function scriptLanguage(program: string): ScriptLanguage | undefined {
  if (/^python[0-9.]*$/.test(program) || /^pypy[0-9.]*$/.test(program)) return 'python';
  if (program === 'node' || program === 'nodejs' || program === 'bun' || program === 'tsx' || program === 'ts-node' || program === 'esno') return 'node';
  if (program === 'ruby') return 'ruby';
  if (program === 'perl') return 'perl';
  if (program === 'deno') return 'deno';
  if (/^php[0-9.]*$/.test(program)) return 'php';
  return undefined;
}
