/**
 * The first policy of a workspace, written from what `bulkhead init` (or Bulkhead: Initialize
 * Policy) found in it. Pure: the Node side finds, this writes. Every value carries a comment saying
 * where it came from, so a reviewer can tell a fact from a guess.
 */

export type Stage = 'local' | 'staging' | 'production';
export const stages: readonly Stage[] = ['local', 'staging', 'production'];

/** A value found in the workspace. `kind` is a target kind, or `secrets` / `credentials`. */
export interface Finding {
  readonly kind: string;
  readonly value: string;
  /** Where it was found, e.g. `railway.json (environments)`. */
  readonly source: string;
  /** Undefined when nothing in its name or place says which environment it belongs to. */
  readonly stage?: Stage;
}

const stageWords: readonly [Stage, RegExp][] = [
  ['production', /(?:^|[^a-z])(?:prod|production|prd|live)(?:$|[^a-z])/i],
  ['staging', /(?:^|[^a-z])(?:staging|stage|stg|preprod|uat)(?:$|[^a-z])/i],
  ['local', /(?:^|[^a-z])(?:local|dev|development|test|kind|minikube|docker-desktop|rancher-desktop|k3d)(?:$|[^a-z])/i],
];

/** The environment a name says it belongs to (`acme-prod`, `stg`, `kind-dev`), if it says one. */
export function stageOf(name: string): Stage | undefined {
  return stageWords.find(([, pattern]) => pattern.test(name))?.[0];
}

const protection: Readonly<Record<Stage, string>> = { local: 'open', staging: 'guarded', production: 'critical' };

// Double-quoted YAML is JSON's string syntax; a comment must stay on its line.
const quoted = (value: string) => JSON.stringify(value);
const comment = (text: string) => text.replace(/[\r\n]+/g, ' ').slice(0, 160);

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.replace(/[\r\n]+/g, " ").split(" ")) {
    if (line && line.length + word.length + 1 > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

/** The `.bulkhead.yaml` text for `findings` (deduplicated; the first source of a value is the one named). */
export function renderStarterPolicy(findings: readonly Finding[], looked: readonly string[]): string {
  const seen = new Set<string>();
  const unique = findings.filter((f) => {
    const key = `${f.stage ?? '?'}\0${f.kind}\0${f.value}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const out: string[] = [
    '# Bulkhead policy: which environment each command acts on, and how much it is protected.',
    '# Written by Bulkhead from what this workspace uses; every value says where it came from.',
    '# Review it (values listed at the end need a home), then commit it so your team shares it.',
    'version: 1',
    'default: staging              # the active environment when the workspace opens',
    'elevation: { minutes: 15 }    # how long production stays selected before it reverts',
    'environments:',
  ];
  for (const stage of stages) {
    out.push(`  ${stage}:`, `    protection: ${protection[stage]}`);
    const mine = unique.filter((f) => f.stage === stage);
    const targets = mine.filter((f) => f.kind !== 'secrets' && f.kind !== 'credentials');
    if (targets.length > 0) {
      out.push('    targets:');
      for (const kind of [...new Set(targets.map((f) => f.kind))]) {
        out.push(`      ${kind}:`);
        for (const f of targets.filter((t) => t.kind === kind)) out.push(`        - ${quoted(f.value)}  # ${comment(f.source)}`);
      }
    }
    for (const list of ['secrets', 'credentials'] as const) {
      const items = mine.filter((f) => f.kind === list);
      if (items.length === 0) continue;
      out.push(`    ${list}:`);
      for (const f of items) out.push(`      - ${quoted(f.value)}  # ${comment(f.source)}`);
    }
    if (mine.length === 0) out.push(`    # nothing found for ${stage}: add its targets (kube-context, host, app, …), secrets and credentials`);
  }
  const unplaced = unique.filter((f) => f.stage === undefined);
  if (unplaced.length > 0) {
    out.push('', '# Found, but nothing in the name says which environment it belongs to. Move each one under', '# the environment it acts on (most often production):');
    for (const f of unplaced) out.push(`#   ${f.kind}: ${quoted(f.value)}  (${comment(f.source)})`);
  }
  if (looked.length > 0) out.push('', ...wrap(`Looked for: ${looked.join(', ')}.`, 96).map((l) => `# ${l}`));
  return `${out.join('\n')}\n`;
}
