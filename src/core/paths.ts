/** POSIX path arithmetic for the core, which may not import node:path. */

export function resolvePath(cwd: string, path: string, home?: string): string {
  // The common case, a bare name in an already normal directory, needs no splitting.
  if (cwd.startsWith('/') && !path.includes('/') && path !== '.' && path !== '..' && path !== '~' && path !== '') {
    return cwd === '/' ? `/${path}` : `${cwd}/${path}`;
  }
  let p = path;
  if (home && (p === '~' || p.startsWith('~/'))) p = home + p.slice(1);
  return normalizePath(p.startsWith('/') ? p : `${cwd}/${p}`);
}

export function normalizePath(path: string): string {
  const out: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return `/${out.join('/')}`;
}

/** `child` relative to `root`, or undefined when it lies outside. */
export function relativeTo(root: string, child: string): string | undefined {
  if (child === root) return '.';
  const prefix = root.endsWith('/') ? root : `${root}/`;
  return child.startsWith(prefix) ? child.slice(prefix.length) : undefined;
}

export function basename(path: string): string {
  const trimmed = path.endsWith('/') && path.length > 1 ? path.slice(0, -1) : path;
  return trimmed.slice(trimmed.lastIndexOf('/') + 1);
}
