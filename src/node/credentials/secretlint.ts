import { rules } from '@secretlint/secretlint-rule-preset-recommend';
import type { Detector, RawMatch } from '../../core/credentials/rules';
import { secretlintKinds } from '../../core/credentials/rules';

interface Report {
  readonly message: { readonly id: string };
  readonly range: readonly [number, number];
}

interface Source {
  readonly content: string;
  readonly filePath: string;
  readonly ext: string;
  readonly contentType: 'text';
}

interface Rule {
  readonly meta: { readonly id: string };
  create(context: object, options: object): { file?(source: Source): void };
}

/**
 * Rule options: the preset's defaults. Its AWS id scan (access key ids and account ids) is left
 * off: an account id is no credential, and the scan's account pattern alone costs more than every
 * other rule together; access key ids are one of Bulkhead's own detectors.
 */
const ruleOptions: Readonly<Record<string, object>> = {};
/**
 * Text a rule cannot match without: each is the literal every one of the rule's patterns requires.
 * Every rule reads the whole text at least once, and most files hold none of these, so one pass of
 * the union (below) stands in for the preset's thirty passes; a rule with no gate here always runs.
 */
export const ruleGates: Readonly<Record<string, RegExp>> = {
  // The preset's id scan is off by default; its secret-key pattern needs the variable's name.
  '@secretlint/secretlint-rule-aws': /secret_?access_?key/i,
  // Only .json files are parsed, and a service-account file names its key.
  '@secretlint/secretlint-rule-gcp': /private_key/,
  '@secretlint/secretlint-rule-privatekey': /PRIVATE KEY/,
  '@secretlint/secretlint-rule-npm': /npm_|_authToken|x-oauth-basic/,
  '@secretlint/secretlint-rule-basicauth': /:\/\//,
  '@secretlint/secretlint-rule-slack': /xox[bpaor]-|xapp-|hooks\.slack\.com/i,
  '@secretlint/secretlint-rule-sendgrid': /SG\./,
  '@secretlint/secretlint-rule-shopify': /shp(?:pa|ca|at|ss)_/,
  '@secretlint/secretlint-rule-stripe': /[sr]k_(?:live|test)_/,
  '@secretlint/secretlint-rule-github': /gh[pousr]_|github_pat_/,
  '@secretlint/secretlint-rule-gitlab': /glpat-/,
  '@secretlint/secretlint-rule-grafana': /glc_|glsa_/,
  // Both of OpenAI's key shapes hold this marker.
  '@secretlint/secretlint-rule-openai': /T3BlbkFJ/,
  '@secretlint/secretlint-rule-anthropic': /sk-ant-api0/,
  '@secretlint/secretlint-rule-groq': /gsk_/,
  '@secretlint/secretlint-rule-huggingface': /hf_/,
  '@secretlint/secretlint-rule-linear': /lin_api_/,
  '@secretlint/secretlint-rule-notion': /ntn_/,
  '@secretlint/secretlint-rule-1password': /ops_ey/,
  '@secretlint/secretlint-rule-database-connection-string': /mongodb|mysql|postgres/i,
  '@secretlint/secretlint-rule-hashicorp-vault': /hv[sbr]\./,
  '@secretlint/secretlint-rule-vercel': /vc[pciark]_/,
  '@secretlint/secretlint-rule-databricks': /dapi/,
  '@secretlint/secretlint-rule-docker': /dckr_pat_/,
  '@secretlint/secretlint-rule-figma': /figd_/,
  '@secretlint/secretlint-rule-cloudflare': /cf(?:k|ut|at)_/,
  '@secretlint/secretlint-rule-tailscale': /tskey-/,
};

/**
 * The gates joined: case-sensitive ones in one pattern, case-insensitive ones in another, because
 * the engine's cost grows with a pattern's alternatives and a case-folded pattern costs more each.
 */
function unionOf(gates: readonly RegExp[]): (text: string) => boolean {
  const union = (flags: string) => {
    const sources = gates.filter((g) => g.flags.includes('i') === flags.includes('i')).map((g) => `(?:${g.source})`);
    return sources.length > 0 ? new RegExp(sources.join('|'), flags) : undefined;
  };
  const sensitive = union('');
  const folded = union('i');
  return (text) => (sensitive?.test(text) ?? false) || (folded?.test(text) ?? false);
}
/** `secretlint-disable` comments are not honoured: anyone who can write the file, an agent included, could hide a token with one. */
const skippedRules: ReadonlySet<string> = new Set(['@secretlint/secretlint-rule-filter-comments']);

/**
 * secretlint's recommended preset as one detector. Its rules are pure functions of a file's text
 * that report ranges; the report's message carries the whole secret, so only its id and range are
 * kept. The preset imports node:path (for a file's base name), which is why this lives in src/node.
 */
export function secretlintDetector(): Detector {
  let sink: RawMatch[] = [];
  const handlers: { readonly gate?: RegExp; readonly file?: (source: Source) => void }[] = [];
  let ungated = false;
  for (const rule of rules as unknown as Rule[]) {
    if (skippedRules.has(rule.meta.id)) continue;
    const context = {
      // Translated messages hold the secret; the id is all that is wanted.
      createTranslator: () => (id: string) => ({ id }),
      report: (report: Report) => {
        const kind = secretlintKinds[report.message.id] ?? 'api-token';
        if (kind) sink.push({ kind, start: report.range[0], end: report.range[1] });
      },
      ignore: () => undefined,
    };
    const created = rule.create(context, ruleOptions[rule.meta.id] ?? {});
    const gate = ruleGates[rule.meta.id];
    ungated ||= gate === undefined;
    handlers.push({ gate, file: created.file?.bind(created) });
  }
  const anyGateOpen = unionOf(handlers.flatMap((h) => (h.gate ? [h.gate] : [])));
  return (text, file = '') => {
    sink = [];
    if (!ungated && !anyGateOpen(text)) return sink;
    const dot = file.lastIndexOf('.');
    const source: Source = { content: text, filePath: file, ext: dot > file.lastIndexOf('/') ? file.slice(dot) : '', contentType: 'text' };
    for (const handler of handlers) {
      if (handler.gate && !handler.gate.test(text)) continue;
      try {
        handler.file?.(source);
      } catch {
        // One rule failing on odd input loses that rule's findings for the file, not the scan.
      }
    }
    return sink;
  };
}
