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
 * Text a rule cannot match without: each is the literal every one of the rule's patterns starts
 * with or requires. Most files hold none, and the rules' patterns begin with a look-behind that
 * makes the engine try every position, so the gate is what keeps a full scan within its time.
 */
const gates: Readonly<Record<string, RegExp>> = {
  '@secretlint/secretlint-rule-aws': /secret_?access_?key/i,
  '@secretlint/secretlint-rule-github': /gh[pousr]_|github_pat_/,
  '@secretlint/secretlint-rule-grafana': /glc_|glsa_/,
  '@secretlint/secretlint-rule-hashicorp-vault': /hv[sbr]\./,
  '@secretlint/secretlint-rule-npm': /npm_|_authToken|x-oauth-basic/,
  '@secretlint/secretlint-rule-vercel': /vc[pciark]_/,
};
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
    handlers.push({ gate: gates[rule.meta.id], file: created.file?.bind(created) });
  }
  return (text, file = '') => {
    sink = [];
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
