// Generates schemas/bulkhead.schema.json from the PolicyDocument type; `--check` fails when the
// committed schema is stale, so the schema can never drift from the types.
import { createGenerator } from 'ts-json-schema-generator';
import { readFileSync, writeFileSync } from 'node:fs';

const out = new URL('../schemas/bulkhead.schema.json', import.meta.url);
const schema = createGenerator({
  path: 'src/core/policy/types.ts',
  tsconfig: 'tsconfig.core.json',
  type: 'PolicyDocument',
  additionalProperties: false,
  skipTypeCheck: true,
}).createSchema('PolicyDocument');
schema.$id = 'https://bulkhead.dev/schemas/bulkhead.schema.json';
schema.title = 'Bulkhead policy (.bulkhead.yaml)';
const text = `${JSON.stringify(schema, null, 2)}\n`;
if (process.argv.includes('--check')) {
  let current = '';
  try { current = readFileSync(out, 'utf8'); } catch {}
  if (current !== text) {
    console.error('schemas/bulkhead.schema.json is out of date with src/core/policy/types.ts: run `npm run schema`.');
    process.exit(1);
  }
} else {
  writeFileSync(out, text);
}
