import { Minimatch, type MinimatchOptions } from 'minimatch';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node as YamlNode } from 'yaml';
import type { Effect, Protection, Scope } from '../model';
import schemaJson from '../../../schemas/bulkhead.schema.json';
import { packTargetKinds } from '../packs/registry';
import { genericTargetKinds } from '../targets/resolve';
import type { PolicyDocument } from './types';

export interface Diagnostic {
  readonly severity: 'error' | 'warning';
  readonly message: string;
  readonly file: string;
  /** 1-based. */
  readonly line: number;
  /** 1-based. */
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
}

/** A glob compiled once: matching runs per argument of every command, so literal patterns skip minimatch. */
export interface Matcher {
  readonly pattern: string;
  test(value: string): boolean;
}

export interface Credential {
  readonly name: string;
  /** Matches `$NAME` and `${NAME}` in a word as written. */
  readonly reference: RegExp;
}

export interface Environment {
  readonly name: string;
  readonly protection: Protection;
  /** Target kind → compiled glob patterns. */
  readonly targets: ReadonlyMap<string, readonly Matcher[]>;
  /** Secret file globs, relative to the policy's folder; a pattern without `/` matches a file name anywhere. */
  readonly secrets: readonly Matcher[];
  readonly credentials: readonly Credential[];
}

export interface CustomRule {
  readonly id: string;
  readonly pattern: Matcher;
  readonly effect: Effect;
  readonly target?: string;
  readonly scope?: Scope;
  readonly reason: string;
}

export interface Policy {
  /** Where it was read from; empty for the built-in policy used when there is no file. */
  readonly file: string;
  /** Absolute folder that `path` targets and `secrets` globs are relative to. */
  readonly root: string;
  readonly default?: string;
  readonly elevationMinutes: number;
  readonly environments: readonly Environment[];
  readonly byName: ReadonlyMap<string, Environment>;
  readonly rules: readonly CustomRule[];
}

export interface LoadResult {
  /** Undefined when the file has errors: callers keep the last good policy. */
  readonly policy?: Policy;
  readonly diagnostics: readonly Diagnostic[];
  /** The document as read, when it passed the schema: what a cache of this load keeps. */
  readonly document?: PolicyDocument;
}

export const readOnlyEnvironment = 'read-only';

/**
 * Target kinds the packs and the generic readers produce. Others are allowed, with a warning,
 * for custom rules. A pack declares its own kinds, so a new pack's kinds arrive with it.
 */
export const knownTargetKinds: ReadonlySet<string> = new Set([...packTargetKinds, ...genericTargetKinds]);

export const globOptions = { nocase: true, dot: true, nocomment: true, nonegate: true } as const;
export const pathGlobOptions = { dot: true, nocomment: true, nonegate: true, matchBase: false } as const;

/** Never throws: every problem, syntax or meaning, becomes a diagnostic with a position. */
export function loadPolicy(text: string, file: string, root: string): LoadResult {
  const diagnostics: Diagnostic[] = [];
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const at = (node: YamlNode | undefined | null, fallback: [number, number] = [0, 0]) => {
    const [start, end] = node?.range ?? fallback;
    const a = lineCounter.linePos(start);
    const b = lineCounter.linePos(end);
    return { line: a.line, column: a.col, endLine: b.line, endColumn: b.col };
  };
  const report = (severity: Diagnostic['severity'], message: string, node?: YamlNode | null, range?: [number, number]) =>
    diagnostics.push({ severity, message, file, ...at(node, range) });

  for (const error of doc.errors) report('error', error.message.split('\n')[0], undefined, [error.pos[0], error.pos[1]]);
  for (const warning of doc.warnings) report('warning', warning.message.split('\n')[0], undefined, [warning.pos[0], warning.pos[1]]);
  if (doc.errors.length > 0) return { diagnostics };
  if (!doc.contents) {
    report('error', 'the policy file is empty: it needs at least `version: 1` and `environments:`');
    return { diagnostics };
  }
  checkSchema(doc.contents as YamlNode, rootSchema, '', report);
  if (diagnostics.some((d) => d.severity === 'error')) return { diagnostics };

  const document = doc.toJS() as PolicyDocument;
  const policy = compileDocument(document, file, root, report, (path) => doc.getIn(path, true) as YamlNode | undefined, false);
  if (diagnostics.some((d) => d.severity === 'error')) return { diagnostics };
  return { diagnostics, policy, document };
}

/**
 * The policy of a document that passed the schema before (a cached load of the same text), or
 * `undefined` when the checks the schema cannot make find an error: then the text is loaded again,
 * for the diagnostics' positions.
 */
export function policyFromDocument(document: PolicyDocument, file: string, root: string): Policy | undefined {
  let failed = false;
  const policy = compileDocument(document, file, root, (severity) => {
    if (severity === 'error') failed = true;
  }, () => undefined, true);
  return failed ? undefined : policy;
}

type Locate = (path: readonly (string | number)[]) => YamlNode | undefined;

/** The checks a schema cannot make (names that must exist, empty patterns) are reported at `locate`'s node. */
function compileDocument(data: PolicyDocument, file: string, root: string, report: Report, locate: Locate, lazily: boolean): Policy {
  const environments: Environment[] = [];
  for (const [name, spec] of Object.entries(data.environments ?? {})) {
    const envNode = locate(['environments', name]);
    if (name === readOnlyEnvironment) report('error', `"${readOnlyEnvironment}" is the name of the diagnose mode; choose another name for this environment`, envNode);
    const targets = new Map<string, Matcher[]>();
    for (const [kind, patterns] of Object.entries(spec?.targets ?? {})) {
      const at = locate(['environments', name, 'targets', kind]);
      if (!knownTargetKinds.has(kind)) {
        report('warning', `"${kind}" is not a target kind any built-in pack produces; only custom rules can match it`, at);
      }
      targets.set(kind, compileAll(patterns, kind === 'path' ? pathGlobOptions : globOptions, at, report, lazily));
    }
    const secretsAt = locate(['environments', name, 'secrets']);
    environments.push({
      name,
      protection: spec?.protection ?? 'guarded',
      targets,
      secrets: compileAll(spec?.secrets ?? [], pathGlobOptions, secretsAt, report, lazily),
      credentials: (spec?.credentials ?? []).map((credential) => ({
        name: credential,
        reference: new RegExp(`\\$\\{?${credential.replace(/[^A-Za-z0-9_]/g, '')}\\b`),
      })),
    });
  }
  const byName = new Map(environments.map((e) => [e.name, e]));
  if (data.default !== undefined && data.default !== readOnlyEnvironment && !byName.has(data.default)) {
    report('error', `default "${data.default}" is not one of the environments (${[...byName.keys()].join(', ') || 'none'}) nor "${readOnlyEnvironment}"`,
      locate(['default']));
  }
  const rules: CustomRule[] = (data.rules ?? []).map((rule, index) => {
    if (rule.target !== undefined && !byName.has(rule.target)) {
      report('error', `rule target "${rule.target}" is not one of the environments`, locate(['rules', index, 'target']));
    }
    const at = locate(['rules', index, 'match']);
    return {
      id: `policy.rules[${index}]`,
      pattern: compileAll([rule.match], { dot: true, nocomment: true, nonegate: true, noglobstar: true }, at, report, lazily)[0] ?? never,
      effect: rule.effect,
      target: rule.target,
      scope: rule.scope,
      reason: rule.reason ?? `matches the project rule "${rule.match}" in ${file || 'the policy'}`,
    };
  });
  return {
    file,
    root,
    default: data.default,
    elevationMinutes: data.elevation?.minutes ?? 15,
    environments,
    byName,
    rules,
  };
}

/** What applies when a workspace has no `.bulkhead.yaml`: packs still classify, and any destroy asks. */
export function builtinPolicy(root: string): Policy {
  return { file: '', root, default: undefined, elevationMinutes: 15, environments: [], byName: new Map(), rules: [] };
}

export function matchesAny(patterns: readonly Matcher[] | undefined, value: string): boolean {
  return patterns !== undefined && patterns.some((p) => p.test(value));
}

/**
 * A regular expression source that every value a pattern matches also matches: the pattern's
 * literal head and tail around anything (the exact text when it has no glob character).
 */
export function patternEnds(pattern: string): string {
  const magicAt = pattern.search(/[*?[{(!+@\\]/);
  // A value may name a folder with doubled or trailing slashes (`deploy//staging/`), as minimatch allows.
  const literal = (text: string): string => escapeRegExp(text).replace(/\\\//g, '\\/+');
  if (magicAt < 0) return `^${literal(pattern)}\\/*$`;
  // A globstar matches no folder at all too (`prod/**` matches `prod`, `**/.env` matches `.env`),
  // so the slash beside one is not required.
  const head = pattern.slice(0, magicAt).replace(/\/$/, '');
  const tail = (/[^*?\]})]*$/.exec(pattern)?.[0] ?? '').replace(/^\//, '');
  return `^${literal(head)}[^]*${/[*?[{(!+@\\]/.test(tail) ? '' : literal(tail)}\\/*$`;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

const never: Matcher = { pattern: '', test: () => false };

/**
 * Compiles each pattern now, or when it is first tested: a document loaded from its cache has had
 * every pattern compiled by the load that made the entry, and a process answering one line tests
 * few of them.
 */
function compileAll(patterns: readonly string[], options: MinimatchOptions, at: YamlNode | undefined, report: Report, lazily: boolean): Matcher[] {
  const out: Matcher[] = [];
  for (const pattern of patterns) {
    if (pattern === '') {
      report('error', 'an empty pattern matches nothing; remove it', at);
      continue;
    }
    if (!lazily) {
      out.push(globMatcher(pattern, options));
      continue;
    }
    let matcher: Matcher | undefined;
    out.push({ pattern, test: (value) => (matcher ??= globMatcher(pattern, options)).test(value) });
  }
  return out;
}

/** A path named with doubled or trailing slashes (`prod-data/`, `infra//prod`) is the same entry, as minimatch has it. */
function entry(value: string): string {
  return value.includes('//') || value.endsWith('/') ? value.replace(/\/{2,}/g, '/').replace(/(?<=.)\/$/, '') : value;
}

const globCharacters = /[*?[\]{}()!+@\\]/;

/**
 * One pattern compiled for matching every argument of every command. minimatch splits each value
 * into path segments; a name without `/` whose only wildcard is `*` inside a word (`acme-prod-*`,
 * `*.prod.acme.internal`) needs no split, so it is a regular expression, and a pattern with no
 * wildcard a comparison (minimatch calls a case-folded pattern magic even with no glob character).
 */
export function globMatcher(pattern: string, options: MinimatchOptions): Matcher {
  const fold = options.nocase === true;
  const literal = (): Matcher => {
    const text = fold ? pattern.toLowerCase() : pattern;
    return fold
      ? { pattern, test: (value) => { const v = entry(value); return v.length === text.length && v.toLowerCase() === text; } }
      : { pattern, test: (value) => entry(value) === text };
  };
  if (!pattern.includes('/') && !pattern.includes('**') && pattern !== '*') {
    if (!globCharacters.test(pattern)) return literal();
    if (!globCharacters.test(pattern.replace(/\*/g, ''))) {
      const words = new RegExp(`^${pattern.split('*').map(escapeRegExp).join('[^/]*')}$`, fold ? 'i' : '');
      // minimatch never lets a wildcard match the `.` and `..` entries.
      return { pattern, test: (value) => { const v = entry(value); return v !== '.' && v !== '..' && words.test(v); } };
    }
  }
  const compiled = new Minimatch(pattern, options);
  // A brace list of plain names (`{a,b}-prod`) is no wildcard to minimatch, yet more than one name.
  if (!compiled.hasMagic() && compiled.set.length <= 1) return literal();
  // Most values fail on the pattern's literal ends; a regular expression on those (no allocation,
  // case folded by the engine) spares minimatch's path split for them.
  const ends = new RegExp(patternEnds(pattern), fold ? 'i' : '');
  return { pattern, test: (value) => ends.test(value) && compiled.match(value) };
}

// ---- A JSON Schema subset walker over YAML nodes, so every schema error has a position. ----

interface SchemaNode {
  $ref?: string;
  type?: string | string[];
  const?: unknown;
  enum?: unknown[];
  properties?: Record<string, SchemaNode>;
  required?: string[];
  additionalProperties?: boolean | SchemaNode;
  items?: SchemaNode;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  description?: string;
}

const rootSchema = schemaJson as unknown as SchemaNode & { definitions: Record<string, SchemaNode> };

function resolve(schema: SchemaNode): SchemaNode {
  let s = schema;
  for (let hops = 0; s.$ref && hops < 8; hops++) {
    const name = s.$ref.replace('#/definitions/', '');
    s = { ...rootSchema.definitions[name], ...(s.description ? { description: s.description } : {}) };
  }
  return s;
}

type Report = (severity: Diagnostic['severity'], message: string, node?: YamlNode | null) => void;

function checkSchema(node: YamlNode, schemaRef: SchemaNode, path: string, report: Report): void {
  const schema = resolve(schemaRef);
  const where = path || 'the file';
  const types = schema.type === undefined ? [] : Array.isArray(schema.type) ? schema.type : [schema.type];
  if (schema.enum || schema.const !== undefined) {
    const value = isScalar(node) ? node.value : undefined;
    const allowed = schema.enum ?? [schema.const];
    if (!allowed.includes(value as never)) {
      report('error', `${where} must be ${allowed.map((v) => JSON.stringify(v)).join(' or ')}, not ${describe(node)}`, node);
    }
    return;
  }
  if (types.includes('object')) {
    if (!isMap(node)) {
      report('error', `${where} must be a mapping (key: value), not ${describe(node)}`, node);
      return;
    }
    const seen = new Set<string>();
    for (const pair of node.items) {
      const keyNode = pair.key as YamlNode;
      const key = String(isScalar(keyNode) ? keyNode.value : keyNode);
      seen.add(key);
      const child = join(path, key);
      const propSchema = schema.properties?.[key];
      const valueNode = (pair.value ?? keyNode) as YamlNode;
      if (propSchema) {
        if (pair.value === null || pair.value === undefined) {
          report('error', `${child} has no value`, keyNode);
          continue;
        }
        checkSchema(valueNode, propSchema, child, report);
      } else if (schema.additionalProperties === false) {
        const known = Object.keys(schema.properties ?? {});
        report('error', `unknown key "${key}" in ${where}; expected one of: ${known.join(', ')}`, keyNode);
      } else if (typeof schema.additionalProperties === 'object') {
        if (pair.value === null || pair.value === undefined) {
          if (resolve(schema.additionalProperties).type !== 'object') report('error', `${child} has no value`, keyNode);
          continue;
        }
        checkSchema(valueNode, schema.additionalProperties, child, report);
      }
    }
    for (const required of schema.required ?? []) {
      if (!seen.has(required)) report('error', `${where} is missing the required key "${required}"`, node);
    }
    return;
  }
  if (types.includes('array')) {
    if (!isSeq(node)) {
      report('error', `${where} must be a list, not ${describe(node)}`, node);
      return;
    }
    node.items.forEach((item, index) => {
      if (schema.items) checkSchema(item as YamlNode, schema.items, `${where}[${index}]`, report);
    });
    return;
  }
  if (!isScalar(node)) {
    report('error', `${where} must be a ${types.join(' or ')}, not ${describe(node)}`, node);
    return;
  }
  const value = node.value;
  if (types.includes('string')) {
    if (typeof value !== 'string') {
      report('error', `${where} must be text, not ${describe(node)}; quote it if it is meant as text`, node);
      return;
    }
    if (schema.pattern && !new RegExp(schema.pattern).test(value)) report('error', `${where} "${value}" does not match ${schema.pattern}`, node);
    return;
  }
  if (types.includes('number') || types.includes('integer')) {
    if (typeof value !== 'number') {
      report('error', `${where} must be a number, not ${describe(node)}`, node);
      return;
    }
    if (schema.minimum !== undefined && value < schema.minimum) report('error', `${where} must be at least ${schema.minimum}`, node);
    if (schema.maximum !== undefined && value > schema.maximum) report('error', `${where} must be at most ${schema.maximum}`, node);
  }
}

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

function describe(node: YamlNode | null | undefined): string {
  if (!node) return 'nothing';
  if (isMap(node)) return 'a mapping';
  if (isSeq(node)) return 'a list';
  if (isScalar(node)) return node.value === null ? 'empty' : JSON.stringify(node.value);
  return 'this';
}
