import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { rules } from '@secretlint/secretlint-rule-preset-recommend';
import { ruleGates, secretlintDetector } from '../../src/node/credentials/secretlint';

// Values shaped like the real ones, assembled so that this file itself holds no token a scanner flags.
const j = (...parts: string[]) => parts.join('');
const alnum = (n: number) => 'Qm9vL2xR7tK4wZ8cV1bN6yH3sD5fG0jK2pEaUiO'.repeat(8).slice(0, n);
const hex = (n: number) => '0a1b2c3d4e5f6789'.repeat(8).slice(0, n);
const samples: Readonly<Record<string, string>> = {
  gitlab: `token: ${j('glpat-', alnum(24))}`,
  grafanaCloud: `key = "${j('glc_', alnum(40))}"`,
  grafanaServiceAccount: `key = ${j('glsa_', alnum(32), '_', hex(8))}`,
  openai: `OPENAI_API_KEY=${j('sk-', alnum(20), 'T3Blbk', 'FJ', alnum(20))}`,
  groq: `GROQ=${j('gsk_', alnum(52))}`,
  huggingface: `HF=${j('hf_', 'QmvLxRtKwZcVbNyHsDfGjKpEaUiOqwerty'.slice(0, 34))}`,
  linear: `LINEAR=${j('lin_', 'api_', alnum(40))}`,
  notion: `NOTION=${j('ntn_', '12345678901', alnum(35))}`,
  vault: `VAULT_TOKEN=${j('hvs.', alnum(95))}`,
  vercel: `VERCEL=${j('vcp_', alnum(24))}`,
  databricks: `DATABRICKS=${j('dapi', hex(32))}`,
  docker: `DOCKER=${j('dckr_', 'pat_', alnum(27))}`,
  figma: `FIGMA=${j('figd_', alnum(40))}`,
  cloudflare: `CF=${j('cfut_', alnum(40), hex(8))}`,
  tailscale: `TS=${j('tskey-', 'auth-', 'kXYZ1234CNTRL', '-', alnum(24))}`,
  sendgrid: `SENDGRID=${j('SG.', alnum(22), '.', alnum(43))}`,
  shopify: `SHOPIFY=${j('shpat_', hex(32))}`,
  stripe: `STRIPE=${j('rk_live_', alnum(30))}`,
  github: `GH=${j('github_', 'pat_', alnum(82))}`,
  npm: `NPM_TOKEN=${j('npm_', alnum(36))}`,
  slackWebhook: `hook: ${j('https://hooks.', 'slack.com/services/T', alnum(8), '/B', alnum(8), '/', alnum(24))}`,
  basicAuth: `url = ${j('https://deploy:', alnum(16), '@ci.example.net')}`,
  awsSecret: `AWS_SECRET_ACCESS_KEY = "${alnum(40)}"`,
};

type File = (source: { content: string; filePath: string; ext: string; contentType: 'text' }) => void;

/** The preset's rules run as they ship, with no gate: what the gated detector must still find. */
function ungated(text: string): string[] {
  const ids: string[] = [];
  for (const rule of rules as unknown as { meta: { id: string }; create(c: object, o: object): { file?: File } }[]) {
    if (rule.meta.id === '@secretlint/secretlint-rule-filter-comments') continue;
    const created = rule.create({ createTranslator: () => (id: string) => ({ id }), report: () => ids.push(rule.meta.id), ignore: () => undefined }, {});
    created.file?.({ content: text, filePath: 'config/app.env', ext: '.env', contentType: 'text' });
  }
  return ids;
}

describe('the rule gates', () => {
  it('every rule of the preset has a gate (a rule without one makes every file pay for every rule)', () => {
    const ids = (rules as unknown as { meta: { id: string } }[]).map((r) => r.meta.id).filter((id) => id !== '@secretlint/secretlint-rule-filter-comments');
    assert.deepEqual(ids.filter((id) => !ruleGates[id]), []);
  });

  it('a gated scan finds what the preset\'s rules find, for every provider with a sample', () => {
    const detect = secretlintDetector();
    for (const [name, text] of Object.entries(samples)) {
      const expected = ungated(text);
      assert.ok(expected.length > 0, `${name}: the sample should be one the preset finds`);
      assert.ok(detect(text, 'config/app.env').length > 0, `${name}: the gated detector missed what the preset finds (${expected.join(', ')})`);
    }
  });
});
