/**
 * Completion and hover in `.bulkhead.yaml`, driven by the JSON Schema the policy is validated
 * against, so they work without any YAML extension. Pure: the text and the cursor come in, items
 * come out. The YAML path at the cursor is read from indentation, which is how a policy is written
 * while it is being typed (the document need not parse).
 */
import schemaJson from '../../../schemas/bulkhead.schema.json';
import { knownTargetKinds } from './load';

interface SchemaNode {
  readonly $ref?: string;
  readonly type?: string;
  readonly description?: string;
  readonly enum?: readonly string[];
  readonly properties?: Readonly<Record<string, SchemaNode>>;
  readonly additionalProperties?: SchemaNode | boolean;
  readonly items?: SchemaNode;
}

const definitions = (schemaJson as { definitions: Record<string, SchemaNode> }).definitions;
const readOnly = 'read-only';

export interface AssistItem {
  readonly label: string;
  readonly kind: 'key' | 'value';
  readonly documentation?: string;
  /** What to insert (a key gets its colon). */
  readonly insertText: string;
}

function resolve(node: SchemaNode | undefined): SchemaNode | undefined {
  let current = node;
  for (let i = 0; i < 8 && current?.$ref; i++) {
    const ref: string = current.$ref;
    current = { ...definitions[ref.replace('#/definitions/', '')], description: current.description ?? definitions[ref.replace('#/definitions/', '')]?.description };
  }
  return current;
}

function child(node: SchemaNode | undefined, segment: string): SchemaNode | undefined {
  const n = resolve(node);
  if (!n) return undefined;
  if (segment === '-') return resolve(n.items);
  if (n.properties?.[segment]) return resolve(n.properties[segment]);
  if (typeof n.additionalProperties === 'object') return resolve(n.additionalProperties);
  return undefined;
}

const root = (): SchemaNode | undefined => resolve({ $ref: '#/definitions/PolicyDocument' });

function at(path: readonly string[]): SchemaNode | undefined {
  let node = root();
  for (const segment of path) node = child(node, segment);
  return node;
}

const indentOf = (line: string) => /^\s*/.exec(line)![0].length;

/** The keys (and `-` for list items) enclosing column `indent` of line `lineNo`, outermost first. */
function parentPath(lines: readonly string[], lineNo: number, indent: number): string[] {
  const path: string[] = [];
  let limit = indent;
  for (let i = lineNo - 1; i >= 0 && limit > 0; i--) {
    const line = lines[i];
    if (!line.trim() || line.trim().startsWith('#')) continue;
    const own = indentOf(line);
    // `- match: x` opens a list item whose other keys sit two columns in.
    const item = /^(\s*)-\s/.exec(line);
    if (item && item[1].length < limit) {
      path.unshift('-');
      limit = item[1].length;
      continue;
    }
    const key = /^\s*([A-Za-z0-9_.-]+|"[^"]*"):/.exec(line);
    if (key && own < limit) {
      path.unshift(key[1].replace(/^"|"$/g, ''));
      limit = own;
    }
  }
  return path;
}

/** Environment names the document defines (keys directly under `environments:`). */
export function environmentNames(text: string): string[] {
  const lines = text.split(/\r?\n/);
  const start = lines.findIndex((l) => /^environments:\s*(#.*)?$/.test(l));
  if (start < 0) return [];
  const names: string[] = [];
  let indent: number | undefined;
  for (const line of lines.slice(start + 1)) {
    if (!line.trim() || line.trim().startsWith('#')) continue;
    const own = indentOf(line);
    if (own === 0) break;
    indent ??= own;
    const m = /^\s*([A-Za-z0-9_.-]+):/.exec(line);
    if (own === indent && m) names.push(m[1]);
  }
  return names;
}

function siblings(lines: readonly string[], lineNo: number, indent: number): Set<string> {
  const out = new Set<string>();
  for (const step of [-1, 1]) {
    for (let i = lineNo + step; i >= 0 && i < lines.length; i += step) {
      const line = lines[i];
      if (!line.trim() || line.trim().startsWith('#')) continue;
      const own = indentOf(line);
      if (own < indent) break;
      const m = /^\s*([A-Za-z0-9_.-]+):/.exec(line);
      if (own === indent && m) out.add(m[1]);
    }
  }
  return out;
}

function valueChoices(path: readonly string[], key: string, text: string): AssistItem[] {
  const node = child(at(path), key);
  const doc = node?.description;
  if (key === 'default' && path.length === 0) return [...environmentNames(text), readOnly].map((label) => ({ label, kind: 'value', insertText: label, documentation: doc }));
  if (key === 'target' && path[0] === 'rules') return environmentNames(text).map((label) => ({ label, kind: 'value', insertText: label, documentation: doc }));
  return (node?.enum ?? []).map((label) => ({ label, kind: 'value', insertText: label, documentation: doc }));
}

/** What may be typed at `line`, `character` (0-based). */
export function policyCompletions(text: string, line: number, character: number): AssistItem[] {
  const lines = text.split(/\r?\n/);
  const before = (lines[line] ?? '').slice(0, character);
  const value = /^(\s*(?:-\s+)?)([A-Za-z0-9_.-]+):\s+([A-Za-z0-9_.-]*)$/.exec(before);
  if (value) {
    const indent = value[1].length;
    const path = [...parentPath(lines, line, indent), ...(/-\s+$/.test(value[1]) ? ['-'] : [])];
    return valueChoices(path, value[2], text);
  }
  const key = /^(\s*)(-\s+)?([A-Za-z0-9_.-]*)$/.exec(before);
  if (!key) return [];
  const indent = key[1].length + (key[2]?.length ?? 0);
  const path = [...parentPath(lines, line, key[1].length), ...(key[2] ? ['-'] : [])];
  const node = at(path);
  const present = siblings(lines, line, indent);
  if (path.length === 3 && path[0] === 'environments' && path[2] === 'targets') {
    return [...knownTargetKinds].sort().filter((k) => !present.has(k)).map((label) => ({
      label, kind: 'key', insertText: `${label}: `, documentation: `Target kind ${label}: values (glob patterns) that tie a command to this environment.`,
    }));
  }
  if (path.length === 1 && path[0] === 'environments') {
    return ['local', 'staging', 'production'].filter((k) => !present.has(k)).map((label) => ({ label, kind: 'key', insertText: `${label}:`, documentation: node?.description }));
  }
  return Object.entries(node?.properties ?? {}).filter(([k]) => !present.has(k)).map(([label, spec]) => ({
    label, kind: 'key', insertText: `${label}: `, documentation: resolve(spec)?.description,
  }));
}

/** The documentation for the key or value under `line`, `character`. */
export function policyHover(text: string, line: number, character: number): string | undefined {
  const lines = text.split(/\r?\n/);
  const current = lines[line] ?? '';
  const m = /^(\s*(?:-\s+)?)([A-Za-z0-9_.-]+):\s*([A-Za-z0-9_.-]*)/.exec(current);
  if (!m) return undefined;
  const keyStart = m[1].length;
  const keyEnd = keyStart + m[2].length;
  const indent = m[1].length;
  const path = [...parentPath(lines, line, indent), ...(/-\s+$/.test(m[1]) ? ['-'] : [])];
  const node = child(at(path), m[2]);
  if (character >= keyStart && character <= keyEnd) {
    if (path.length === 1 && path[0] === 'environments') return `Environment **${m[2]}**: its protection, targets, secrets and credentials.`;
    if (path.length === 3 && path[2] === 'targets') {
      return knownTargetKinds.has(m[2]) ? `Target kind **${m[2]}**: values (glob patterns) that tie a command to this environment.` : `**${m[2]}** is not a target kind Bulkhead knows.`;
    }
    return node?.description ? `**${m[2]}**: ${node.description}` : undefined;
  }
  const valueStart = current.indexOf(m[3], keyEnd);
  if (m[3] && character >= valueStart && character <= valueStart + m[3].length && node?.enum) {
    return `**${m[3]}** (${node.enum.join(' · ')})${node.description ? `: ${node.description}` : ''}`;
  }
  return undefined;
}
