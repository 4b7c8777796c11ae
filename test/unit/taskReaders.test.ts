import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Word } from '../../src/core/model';
import type { FileText } from '../../src/core/tasks/files';
import { invokeTasks, parseTasksFile } from '../../src/core/tasks/invoke';
import { mageTargets, parseMagefile } from '../../src/core/tasks/mage';
import type { TaskCall, TaskOutcome } from '../../src/core/tasks/run';

const root = '/home/dev/acme';

function call(program: string, line: string, files: Record<string, string | FileText>, cwd = root): TaskCall {
  const words: Word[] = line.split(' ').filter(Boolean).map((value) => ({ value, raw: value, dynamic: false, span: { start: 0, end: 0 } }));
  const read = (path: string): FileText => {
    const file = files[path.slice(root.length + 1)];
    if (file === undefined) return { error: 'missing', message: 'no such file' };
    return typeof file === 'string' ? { text: file } : file;
  };
  return { program, argv0: program, args: words, cwd, env: { HOME: '/home/dev' }, read };
}

function bodies(outcome: TaskOutcome | undefined): string[] {
  assert.equal(outcome?.kind, 'bodies', JSON.stringify(outcome));
  return outcome.kind === 'bodies' ? outcome.bodies.map((b) => `${b.label}: ${b.code}`) : [];
}

const tasksPy = `from invoke import task, Collection

REGISTRY = "registry.acme.com"


@task
def clean(c):
    """Remove build output."""
    c.run("rm -rf build dist")


@task(clean, help={"tag": "image tag"})
def image(c, tag="latest"):
    c.run(f"docker build -t {REGISTRY}/api:{tag} .")
    c.run(f"docker push {REGISTRY}/api:{tag}")


@task(
    pre=[image],
    post=[notify],
)
def deploy(ctx, env="staging", replicas=2, dry_run=False):
    ctx.run(f"helm upgrade api charts/api --kube-context {env} --set replicas={replicas}")


@task
def notify(c):
    print("deployed")


def _psql(c, url, sql):
    c.run(f"psql {url} -c '{sql}'")


@task
def wipe(c, database):
    _psql(c, "postgresql://db.acme.com/acme", "TRUNCATE orders")
    c.run(f"dropdb {database}")
`;

describe('invoke reads tasks.py', () => {
  it('finds tasks, their decorators across lines, parameters and defaults', () => {
    const functions = parseTasksFile(tasksPy);
    assert.deepEqual([...functions.values()].filter((f) => f.isTask).map((f) => f.name), ['clean', 'image', 'deploy', 'notify', 'wipe']);
    const deploy = functions.get('deploy');
    assert.deepEqual(deploy?.pre, ['image']);
    assert.deepEqual(deploy?.post, ['notify']);
    assert.equal(deploy?.context, 'ctx');
    assert.deepEqual(deploy?.params, [{ name: 'env', default: '"staging"' }, { name: 'replicas', default: '2' }, { name: 'dry_run', default: 'False' }]);
    assert.deepEqual(functions.get('image')?.pre, ['clean']);
    assert.equal(functions.get('_psql')?.isTask, false);
  });

  it('binds the line\'s flags to the parameters, runs pre tasks first and post tasks after', () => {
    assert.deepEqual(bodies(invokeTasks(call('invoke', 'deploy --env prod-eu-1 --dry-run -r 5', { 'tasks.py': tasksPy }))), [
      'invoke clean: rm -rf build dist',
      'invoke image: docker build -t registry.acme.com/api:latest .\ndocker push registry.acme.com/api:latest',
      'invoke deploy: helm upgrade api charts/api --kube-context prod-eu-1 --set replicas=5',
    ]);
    assert.deepEqual(bodies(invokeTasks(call('inv', 'image --tag=v2 clean', { 'tasks.py': tasksPy }))), [
      'invoke clean: rm -rf build dist',
      'invoke image: docker build -t registry.acme.com/api:v2 .\ndocker push registry.acme.com/api:v2',
    ]);
  });

  it('reads the helpers a task calls with their literal arguments, and leaves a parameter the line does not give computed', () => {
    const [wipe, helper] = bodies(invokeTasks(call('invoke', 'wipe', { 'tasks.py': tasksPy })));
    assert.match(wipe, /^invoke wipe: dropdb \$\{__bulkhead_computed\}/);
    assert.equal(helper, 'tasks.py _psql: psql postgresql://db.acme.com/acme -c \'TRUNCATE orders\'');
    assert.match(bodies(invokeTasks(call('invoke', 'wipe --database acme_prod', { 'tasks.py': tasksPy })))[0], /^invoke wipe: dropdb acme_prod$/);
    assert.match(bodies(invokeTasks(call('invoke', 'wipe -d acme_prod', { 'tasks.py': tasksPy })))[0], /^invoke wipe: dropdb acme_prod$/);
  });

  it('finds tasks.py in a parent folder, and the module -c names', () => {
    assert.equal(bodies(invokeTasks(call('invoke', 'clean', { 'tasks.py': tasksPy }, `${root}/src/api`))).length, 1);
    assert.deepEqual(bodies(invokeTasks(call('invoke', '-c ops clean', { 'ops.py': tasksPy }))), ['invoke clean: rm -rf build dist']);
  });

  it('says why when it cannot place the line, and leaves listing and a missing file alone', () => {
    const unknownTask = invokeTasks(call('invoke', 'teardown', { 'tasks.py': tasksPy }));
    assert.deepEqual(unknownTask, { kind: 'unread', note: 'invoke teardown: tasks.py defines no task teardown Bulkhead can read; judged by its name' });
    const unknownFlag = invokeTasks(call('invoke', 'deploy --region eu', { 'tasks.py': tasksPy }));
    assert.equal(unknownFlag?.kind, 'unread');
    assert.equal(invokeTasks(call('invoke', '--list', { 'tasks.py': tasksPy })), undefined);
    assert.equal(invokeTasks(call('invoke', 'deploy', {})), undefined);
    const big = invokeTasks(call('invoke', 'deploy', { 'tasks.py': { error: 'too-large', message: 'larger than 1048576 bytes' } }));
    assert.equal(big?.kind, 'opaque');
  });
});

const magefile = `//go:build mage

package main

import (
	"fmt"

	"github.com/magefile/mage/mg"
	"github.com/magefile/mage/sh"
)

var Default = Build

var Aliases = map[string]interface{}{
	"i": Install,
	"reset": Db.Reset,
}

type Db mg.Namespace

// Build runs go build (not sh.Run("rm", "-rf", "/") in a comment).
func Build() error {
	mg.Deps(Generate)
	return sh.RunV("go", "build", "./...")
}

func Generate() error { return sh.Run("go", "generate", "./...") }

func Install() error {
	mg.SerialDeps(Build, mg.F(Push, "registry.acme.com/api:latest"))
	return nil
}

func Push(image string) error {
	return sh.Run("docker", "push", image)
}

func Migrate(ctx context.Context, env, direction string) error {
	url := "postgresql://db." + env + ".acme.internal/acme"
	return sh.RunWith(map[string]string{"PGAPPNAME": "mage"}, "migrate", "-database", url, direction)
}

func (Db) Reset(name string) error {
	return sh.Exec(nil, os.Stdout, os.Stderr, "psql", fmt.Sprintf("postgresql://db.acme.com/%s", name), "-c", "DROP SCHEMA public CASCADE")
}

func Release() error {
	return ghRelease()
}
`;

describe('mage reads the magefile', () => {
  it('finds exported targets, namespace methods and their parameters', () => {
    const functions = parseMagefile(magefile);
    assert.deepEqual([...functions.keys()], ['Build', 'Generate', 'Install', 'Push', 'Migrate', 'Db:Reset', 'Release']);
    assert.deepEqual(functions.get('Migrate')?.params, ['env', 'direction']);
    assert.deepEqual(functions.get('Db:Reset')?.params, ['name']);
  });

  it('reads deps first, binds the line\'s arguments, and ignores calls in comments', () => {
    assert.deepEqual(bodies(mageTargets(call('mage', 'build', { 'magefile.go': magefile }))), ['mage Generate: go generate ./...', 'mage Build: go build ./...']);
    assert.deepEqual(bodies(mageTargets(call('mage', 'migrate prod down', { 'magefile.go': magefile }))), [
      'mage Migrate: migrate -database postgresql://db.prod.acme.internal/acme down',
    ]);
    assert.deepEqual(bodies(mageTargets(call('mage', 'db:reset acme_prod', { 'magefile.go': magefile }))), [
      'mage Db:Reset: psql postgresql://db.acme.com/acme_prod -c \'DROP SCHEMA public CASCADE\'',
    ]);
  });

  it('follows aliases, Default, mg.F arguments and -d', () => {
    assert.deepEqual(bodies(mageTargets(call('mage', 'i', { 'magefile.go': magefile }))), [
      'mage Generate: go generate ./...', 'mage Build: go build ./...', 'mage Push: docker push registry.acme.com/api:latest',
    ]);
    assert.equal(bodies(mageTargets(call('mage', 'reset acme_prod', { 'magefile.go': magefile }))).length, 1);
    assert.equal(bodies(mageTargets(call('mage', '', { 'magefile.go': magefile }))).length, 2);
    assert.equal(bodies(mageTargets(call('mage', '-d tools build', { 'tools/magefile.go': magefile }))).length, 2);
  });

  it('says why when it cannot place the line or read a call, and leaves listing and a missing file alone', () => {
    assert.deepEqual(mageTargets(call('mage', 'release', { 'magefile.go': magefile })),
      { kind: 'unread', note: 'mage release: magefile.go calls ghRelease, which Bulkhead does not read; judged by its name' });
    assert.equal(mageTargets(call('mage', 'migrate prod', { 'magefile.go': magefile }))?.kind, 'unread');
    assert.equal(mageTargets(call('mage', 'nope', { 'magefile.go': magefile }))?.kind, 'unread');
    assert.equal(mageTargets(call('mage', '-l', { 'magefile.go': magefile })), undefined);
    assert.equal(mageTargets(call('mage', 'build', {})), undefined);
  });
});
