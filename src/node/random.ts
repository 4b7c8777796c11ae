/**
 * Random bytes, from node:crypto loaded when first asked for: only making a key or a server's token
 * needs them, and loading node:crypto would otherwise cost every hook call.
 */
export function randomBytes(size: number): Buffer {
  return (require('node:crypto') as typeof import('node:crypto')).randomBytes(size);
}
