/** Readers of payload fields: a field of the wrong type is a PayloadError that names it, never a guess. */

export type Json = Record<string, unknown>;

export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export class PayloadError extends Error {}

export function optionalString(object: Json, key: string, where: string): string | undefined {
  const value = object[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new PayloadError(`"${where}${key}" must be a string, not ${describe(value)}`);
  return value;
}

export function requiredString(object: Json, key: string, where = ''): string {
  const value = optionalString(object, key, where);
  if (value === undefined) throw new PayloadError(`"${where}${key}" is missing`);
  return value;
}

export function optionalStrings(object: Json, key: string, where = ''): string[] {
  const value = object[key];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) throw new PayloadError(`"${where}${key}" must be a list of strings`);
  return value as string[];
}

export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'an object' : `${typeof value} ${JSON.stringify(value).slice(0, 40)}`;
}

export function shellQuote(word: string): string {
  return /^[A-Za-z0-9_./:=@%+,-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** A `tool_input` object (absent is empty). */
export function toolInput(payload: Json, key = 'tool_input'): Json {
  const input = payload[key] ?? {};
  if (!isObject(input)) throw new PayloadError(`"${key}" must be an object, not ${describe(input)}`);
  return input;
}
