import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';

/**
 * Every file Bulkhead reads on its own initiative (policies, connection files, kubeconfig, package
 * scripts, marker heads, agent configurations) goes through here. Anyone who can write the workspace
 * can put a FIFO, a device or a symlink to one where a regular file is expected, or a file too large
 * to hold: opening without blocking and checking the type before reading keeps a read from hanging
 * or exhausting memory, and the size bound keeps it short.
 */

/** The default bound, also what policies and state files are held to. */
export const maxStateFileBytes = 1024 * 1024;

export type BoundedRead =
  | { readonly text: string }
  | { readonly error: 'missing' | 'not-a-file' | 'too-large' | 'unreadable'; readonly message: string };

// Not defined on Windows, where FIFOs cannot sit at a path anyway.
const nonBlocking = constants.O_NONBLOCK ?? 0;

/**
 * Reads a regular file of at most `maxBytes` (symlinks are followed to what they point at). With
 * `prefix`, a larger file is not an error: its first `maxBytes` are the answer.
 */
export function readBoundedFile(path: string, maxBytes = maxStateFileBytes, options: { prefix?: boolean } = {}): BoundedRead {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | nonBlocking);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { error: 'missing', message: 'the file does not exist (or is a symlink to nothing)' };
    return { error: 'unreadable', message: `the file cannot be opened (${code ?? (error as Error).message})` };
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) return { error: 'not-a-file', message: `it is ${kindOf(stat)}, not a regular file` };
    if (stat.size > maxBytes && !options.prefix) return { error: 'too-large', message: `it is ${stat.size} bytes, larger than the ${maxBytes} bytes Bulkhead reads` };
    // A file that grows while it is read (or reports a size of 0, as /proc does) is still held to the bound.
    const limit = options.prefix ? maxBytes : maxBytes + 1;
    let buffer = Buffer.alloc(Math.min(limit, Math.max(stat.size + 1, 64 * 1024)));
    let length = 0;
    for (;;) {
      if (length === buffer.length) {
        if (length === limit) break;
        const grown = Buffer.alloc(Math.min(limit, buffer.length * 2));
        buffer.copy(grown);
        buffer = grown;
      }
      const n = readSync(fd, buffer, length, buffer.length - length, null);
      if (n === 0) break;
      length += n;
    }
    if (length > maxBytes) return { error: 'too-large', message: `it is larger than the ${maxBytes} bytes Bulkhead reads` };
    return { text: buffer.subarray(0, length).toString('utf8') };
  } catch (error) {
    return { error: 'unreadable', message: `the file cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})` };
  } finally {
    closeSync(fd);
  }
}

/** The text, or undefined for any failure: for files whose absence or damage just means "nothing here". */
export function readBoundedText(path: string, maxBytes = maxStateFileBytes, options: { prefix?: boolean } = {}): string | undefined {
  const read = readBoundedFile(path, maxBytes, options);
  return 'text' in read ? read.text : undefined;
}

function kindOf(stat: { isDirectory(): boolean; isFIFO(): boolean; isCharacterDevice(): boolean; isBlockDevice(): boolean; isSocket(): boolean }): string {
  if (stat.isDirectory()) return 'a folder';
  if (stat.isFIFO()) return 'a FIFO (named pipe)';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'a device';
  if (stat.isSocket()) return 'a socket';
  return 'not a regular file';
}

/** The text, undefined when there is no file, and an error for anything else (a FIFO, a huge file): for files Bulkhead is about to rewrite. */
export function readFileIfPresent(path: string, maxBytes = maxStateFileBytes): string | undefined {
  const read = readBoundedFile(path, maxBytes);
  if ('text' in read) return read.text;
  if (read.error === 'missing') return undefined;
  throw new Error(`cannot read ${path}: ${read.message}`);
}
