import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { linkSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createEngine, type Engine } from '../../src/core/engine';
import { loadPolicy, type Policy } from '../../src/core/policy/load';
import { createFileSystemView, type ViewBounds } from '../../src/node/fileSystemView';
import { loadBashParser } from '../../src/node/parser';

// Shell readers judged against a real workspace: globs expanded on disk, folders walked, markers
// and links followed, and the bounds past which a possible secret read asks a human.
const fixturePolicy = readFileSync(join(__dirname, '..', 'fixtures', 'policy.yaml'), 'utf8');
let root = '';
let policy: Policy;
let engine: Engine;

function write(path: string, text: string): void {
  mkdirSync(join(root, path, '..'), { recursive: true });
  writeFileSync(join(root, path), text);
}

// The product's time bound is short (a fraction of a second); tests that are not about it get a wide
// one, so that a loaded machine (git is run for ignore questions) does not turn a read into a confirm.
const unhurried: ViewBounds = { maxEntries: 20_000, maxMs: 60_000 };

function check(cmd: string, options: { cwd?: string; bounds?: ViewBounds; foldCase?: boolean } = {}): { decision: string; target: string; rules: readonly string[] } {
  const evaluation = engine.evaluate(cmd, {
    policy, active: 'staging', env: { HOME: '/nonexistent-home', PATH: '/usr/bin:/bin' }, cwd: options.cwd ?? root, ambient: {},
    files: createFileSystemView(policy, { bounds: options.bounds ?? unhurried, foldCase: options.foldCase ?? false }),
  });
  return { decision: evaluation.decision, target: evaluation.target, rules: evaluation.rules };
}

before(async () => {
  root = mkdtempSync(join(tmpdir(), 'bulkhead-readers-'));
  const loaded = loadPolicy(fixturePolicy, join(root, '.bulkhead.yaml'), root);
  assert.ok(loaded.policy);
  policy = loaded.policy;
  engine = createEngine(await loadBashParser());
  write('.env.production', 'DATABASE_URL=postgres://prod\n');
  write('config/prod.env', 'RAILWAY_TOKEN=prod\n');
  write('src/app.ts', '// TODO\n');
  write('docs/ops-notes.txt', '# bulkhead: production\nTOKEN=prod\n');
  write('.gitignore', '.env.production\nconfig/prod.env\nsamples/\ndocs/\n');
  symlinkSync('.env.production', join(root, 'settings.link'));
  mkdirSync(join(root, 'samples'));
  linkSync(join(root, 'config', 'prod.env'), join(root, 'samples', 'fixture.txt'));
  symlinkSync('config', join(root, 'cfglink'));
  spawnSync('git', ['init', '-q'], { cwd: root });
  spawnSync('git', ['add', 'src/app.ts', '.gitignore'], { cwd: root });
});

after(() => rmSync(root, { recursive: true, force: true }));

describe('shell readers of secret files on disk', () => {
  for (const cmd of ['cat .env.prod*', 'cat .env.p?oduction', 'cat .env.[p]roduction', 'awk 1 .e?v.production', 'tail config/*.env']) {
    it(`expands the glob of ${cmd} to the secret`, () => assert.deepEqual(check(cmd).decision, 'block'));
  }

  it('a glob that can match a secret name but matches no file on disk is allowed', () => {
    assert.equal(check('cat .env.staging*').decision, 'allow');
    assert.equal(check('cat config/stag*.env').decision, 'allow');
  });

  for (const cmd of ['grep -r DATABASE .', 'grep -Rn DATABASE', 'grep --recursive -i url config', 'rg -uu X .', 'rg --hidden --no-ignore X', 'ag -u X',
    'ack X', 'git grep --no-index DATABASE', 'tar czf /tmp/out.tgz .', 'zip -qr /tmp/out.zip config', 'cp -r config /tmp/copy', 'rsync -a . /tmp/copy',
    "find . -name '.env.*' -exec cat {} +", 'find config -type f -exec base64 {} ;']) {
    it(`${cmd} reads the secrets under the folder it walks`, () => assert.equal(check(cmd).decision, 'block'));
  }

  it("a search that excludes the secret files by name does not read them; one that excludes something else still does", () => {
    assert.equal(check("grep -rn --exclude='*.env' DATABASE config").decision, 'allow');
    assert.equal(check('grep -rn --exclude=*.env --exclude-dir=config DATABASE config').decision, 'allow');
    assert.equal(check("grep -rn --exclude='*.md' DATABASE config").decision, 'block');
    assert.equal(check('grep -r --exclude-dir=docs TOKEN docs').decision, 'block', 'the folder named on the line is still read');
    assert.equal(check("rg -uu -g '!*.env' DATABASE config").decision, 'allow');
    assert.equal(check("rg -uu -g '!*.md' DATABASE config").decision, 'block');
    assert.equal(check("rg -uu -g '!config/*.env' DATABASE config").decision, 'block', 'a glob with a folder in it is not trusted to skip');
  });

  it('rg, ag and git grep skip what they skip: hidden and ignored files, untracked ones', () => {
    assert.equal(check('rg TODO').decision, 'allow');
    assert.equal(check('rg -u TODO').decision, 'block', 'rg -u reads ignored files; config/prod.env is one');
    assert.equal(check('ag TODO').decision, 'allow');
    assert.equal(check('git grep TODO').decision, 'allow');
  });

  it('a file that marks itself as a secret is one for shell readers too', () => {
    assert.equal(check('cat docs/ops-notes.txt').decision, 'block');
    assert.equal(check('cat docs/*.txt').decision, 'block');
    assert.equal(check('grep -r TOKEN docs').decision, 'block');
  });

  it('symlinks and hard links to a secret are read as the secret', () => {
    assert.equal(check('cat settings.link').decision, 'block');
    assert.equal(check('cat samples/fixture.txt').decision, 'block');
    assert.equal(check('cat cfglink/prod.env').decision, 'block');
    assert.equal(check(`cat /proc/self/root${root}/config/prod.env`).decision, 'block');
  });

  it('on a file system that folds case, another spelling is the same file', () => {
    assert.equal(check('cat .ENV.Production', { foldCase: true }).decision, 'block');
    assert.equal(check('cat .ENV.Production', { foldCase: false }).decision, 'allow');
  });

  it('metadata and folders without secrets stay allowed', () => {
    for (const cmd of ['ls -la .env*', 'test -f .env.production', 'stat .env.production', 'chmod 600 .env.production', 'git check-ignore .env.production',
      'grep -r TODO src/', 'find . -name ".env.*"', 'cat src/app.ts', 'du -sh config',
      // A payload not handed the paths, or one that prints only their names, opens nothing.
      'find . -exec echo -delete ; -print', 'find . -name ".env.*" -exec echo {} ;', 'find . -exec date ;']) {
      assert.equal(check(cmd).decision, 'allow', cmd);
    }
  });

  it('past the listing bound, a walk or a glob that could reach a secret asks a human', () => {
    const tiny = { maxEntries: 2, maxMs: 1000 };
    const walk = check('grep -r TODO .', { bounds: tiny });
    assert.equal(walk.decision, 'confirm');
    assert.deepEqual(walk.rules, ['secrets.read-unchecked']);
    assert.equal(check('cat .env.prod*', { bounds: tiny }).decision, 'confirm');
    assert.equal(check('cat src/*.ts', { bounds: tiny }).decision, 'allow', 'a glob that cannot match a secret name needs no listing');
    assert.equal(check('grep -r TODO src', { bounds: { maxEntries: 1000, maxMs: -1 } }).decision, 'confirm', 'the time bound');
  });
});
