/**
 * The only form in which a credential's text leaves the scanner or the engine: enough to recognise
 * which one it is (its kind's prefix and its last characters), never enough to use it.
 */
export function redact(value: string): string {
  if (value.length < 12) return '•'.repeat(Math.min(value.length, 8));
  const head = value.length >= 24 ? 4 : 2;
  const tail = value.length >= 24 ? 2 : 0;
  return `${value.slice(0, head)}…${tail > 0 ? value.slice(-tail) : ''}`;
}
