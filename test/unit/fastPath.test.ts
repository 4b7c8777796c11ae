import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { extractLine } from '../../src/core/shell/extract';
import { loadCorpus } from '../corpus';
import { engine } from '../helpers';
import { loadBashParser } from '../../src/node/parser';

const packageJson = (path: string) => (path === '/home/dev/acme/package.json'
  ? { text: JSON.stringify({ scripts: { test: 'node --test' } }) }
  : { error: 'missing' as const, message: 'the file does not exist' });

// Plain-word lines skip tree-sitter. For every such line in the corpus, and a few chosen ones,
// both paths must find exactly the same commands with the same words, spans and environment.
const extra = [
  'kubectl get pods', '  kubectl   get pods  ', 'A=1 B=2 terraform apply', 'A=1', 'X=1 Y=2', 'sudo -u root kubectl delete ns a',
  'npx prisma migrate reset --force', 'env -i PATH=/bin kubectl get ns', 'timeout 5 nice -n 3 kubectl get ns',
  'ssh host.prod uptime', 'xargs kubectl delete', 'cd infra/envs/production', 'alias k=kubectl', 'rm -rf dist/ build/',
  'git push --force origin main', 'aws s3 rm s3://acme-prod-logs --recursive', 'in', 'time kubectl get ns',
  // Quoted parts without expansions take the fast path too.
  'git commit -m "fix: x; y && z"', "echo 'a | b > c'", "FOO='a b' kubectl get ns", '"A"=1 env', "'if' x", 'kubectl --context "prod-eu-1" delete ns api',
  'echo "it\'s"', "grep -r 'TODO' src/", "ku''bectl delete ns api", 'a"b c"d', "psql -c 'DROP TABLE users'", '""',
];

describe('plain-word fast path', () => {
  it('finds the same commands as the tree-sitter walk', async () => {
    await engine();
    const parser = await loadBashParser();
    const lines = [...extra, ...loadCorpus().flatMap((f) => f.cases.map((c) => c.cmd))];
    let compared = 0;
    for (const line of lines) {
      const options = { parser, env: { HOME: '/home/dev', CTX: 'prod' }, cwd: '/home/dev/acme', readFile: packageJson };
      const fast = extractLine(line, options);
      const tree = extractLine(line, { ...options, fastPath: false });
      assert.deepEqual(JSON.parse(JSON.stringify(fast.items)), JSON.parse(JSON.stringify(tree.items)), line);
      if (/^[ \t]*[A-Za-z0-9_@%+=:,./-][A-Za-z0-9_@%+=:,./ \t-]*$/.test(line)) compared++;
    }
    assert.ok(compared >= extra.length, `only ${compared} plain lines compared`);
  });
});
