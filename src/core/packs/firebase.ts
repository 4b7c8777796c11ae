import type { TargetHint } from '../model';
import type { ParsedArgs } from './args';
import { definePack } from './pack';
import { commandTable, destroy, local, read, secret, type Verdict, write } from './verdict';
import { stageNames } from '../targets/stages';

/**
 * Firebase CLI (`firebase`). Commands are `topic:command` (`firestore:delete`). A Firebase
 * project is a Google Cloud project, so `--project`/`-P` is a `gcp-project` target; the value may
 * also be a `.firebaserc` alias such as `prod` or `staging`, so it names a stage too.
 *
 * Deleting one Firestore document is a write; `--recursive` or `--all-collections` deletes
 * trees of data and destroys. `database:remove` deletes a Realtime Database subtree.
 */

const verdicts = commandTable();
const { define } = verdicts;

define(['database:remove'], destroy('database-remove', 'deletes data at a path of the Realtime Database, and everything under it'));
define(['firestore:databases:delete'], destroy('firestore-database-delete', 'deletes a Firestore database with all its data'));
define(['firestore:backups:delete'], destroy('firestore-backup-delete', 'deletes a Firestore backup'));
define(['functions:delete'], destroy('functions-delete', 'deletes deployed Cloud Functions'));
define(['hosting:sites:delete', 'hosting:channel:delete', 'apphosting:backends:delete', 'apps:delete', 'projects:delete'], destroy('delete', 'deletes a Firebase site, backend, app or preview channel'));
define(['deploy'], write('deploy', 'deploys to Firebase (hosting, functions, rules, indexes, …)'));
define(['database:set', 'database:update', 'database:push', 'database:settings:set', 'database:instances:create'], write('database-write', 'writes data or settings of the Realtime Database'));
define(['hosting:disable'], write('hosting-disable', 'stops serving the Firebase Hosting site'));
define(['hosting:channel:deploy', 'hosting:channel:create', 'hosting:clone', 'functions:config:set', 'functions:config:unset',
  'functions:config:clone', 'functions:secrets:set', 'functions:secrets:destroy', 'functions:secrets:prune', 'ext:install',
  'ext:update', 'ext:configure', 'ext:uninstall', 'remoteconfig:rollback', 'appdistribution:distribute',
  'appdistribution:testers:add', 'appdistribution:testers:remove', 'crashlytics:symbols:upload', 'crashlytics:mappingfile:upload',
  'apphosting:backends:create', 'apphosting:rollouts:create', 'apphosting:secrets:set', 'apphosting:secrets:grantaccess',
  'dataconnect:sql:migrate', 'dataconnect:sql:grant', 'firestore:databases:create', 'firestore:databases:update',
  'firestore:databases:restore', 'firestore:backups:schedules:create', 'firestore:backups:schedules:update',
  'firestore:backups:schedules:delete', 'projects:create', 'projects:addfirebase', 'apps:create', 'auth:import',
  'hosting:sites:create'], write('change', 'changes Firebase configuration, secrets, extensions or releases'));
define(['auth:export'], secret('auth-export', 'exports user accounts with their password hashes'));
define(['functions:config:get', 'functions:secrets:access', 'apphosting:secrets:access', 'login:ci'], secret('show-secrets', 'prints runtime configuration or secret values'));
define(['projects:list', 'apps:list', 'apps:sdkconfig', 'database:get', 'database:profile', 'database:instances:list',
  'database:settings:get', 'firestore:indexes', 'firestore:databases:list', 'firestore:databases:get', 'firestore:backups:list',
  'firestore:backups:get', 'firestore:backups:schedules:list', 'firestore:locations', 'functions:list', 'functions:log',
  'functions:secrets:get', 'functions:secrets:describe', 'hosting:channel:list', 'hosting:sites:list', 'hosting:sites:get',
  'remoteconfig:get', 'remoteconfig:versions:list', 'apphosting:backends:list', 'apphosting:backends:get',
  'apphosting:secrets:describe', 'dataconnect:services:list', 'dataconnect:sql:diff', 'ext', 'ext:list', 'ext:info',
  'open', 'help', 'target', 'appdistribution:testers:list', 'appdistribution:groups:list', 'crashlytics:mappingfile:generateid'], read('read', 'reads Firebase project data, configuration or logs'));
define(['use', 'login', 'logout', 'login:add', 'login:use', 'login:list', 'init', 'serve', 'emulators:start', 'emulators:exec',
  'emulators:export', 'functions:shell', 'functions:config:export', 'setup:emulators:database', 'setup:emulators:firestore',
  'setup:emulators:pubsub', 'setup:emulators:storage', 'setup:emulators:ui', 'target:apply', 'target:clear', 'target:remove',
  'experiments:enable', 'experiments:disable', 'experiments:list', 'experiments:describe', 'dataconnect:sdk:generate', 'ext:dev:init'], local('local', 'write', 'changes local Firebase settings (login, active project) or runs the emulators'));

const valueFlags = [
  '-P', '--project', '--token', '--only', '--except', '--message', '-m', '--database', '--instance', '-d', '--data',
  '--account', '--config', '-c', '--import', '--export-on-exit', '--site', '--expires', '--region', '--format', '-o',
  '--output', '--collection-ids', '--location', '--backend', '--service', '--app', '--release-notes', '--testers', '--groups',
  '-n', '--lines',
];

function targetsOf(a: ParsedArgs): TargetHint[] {
  const hints: TargetHint[] = [];
  for (const value of a.values('-P', '--project')) {
    if (!value) continue;
    hints.push({ kind: 'gcp-project', value, source: '--project flag' });
    if (stageNames.has(value.toLowerCase())) hints.push({ kind: 'stage', value, source: '--project alias' });
  }
  return hints;
}

function firestoreDelete(a: ParsedArgs): Verdict {
  if (a.has('--all-collections')) return { rule: 'firestore-delete-all', effect: 'destroy', reason: 'deletes every collection and document in the Firestore database' };
  if (a.has('-r', '--recursive')) return { rule: 'firestore-delete-recursive', effect: 'destroy', reason: 'deletes a Firestore collection or document with everything under it' };
  return { rule: 'firestore-delete', effect: 'write', reason: 'deletes one Firestore document' };
}

export const firebasePack = definePack({
  id: 'firebase',
  programs: ['firebase'],
  packages: ['firebase-tools'],
  targetKinds: ['gcp-project', 'stage'],
  valueFlags,
  asksForHelp: (a) => a.has('--help', '-h') || a.positionals.length === 0 || a.positionals[0] === 'help',
  targets: targetsOf,
  rules: [],
  classify(a) {
    const command = a.positionals[0];
    const verdict = command === 'firestore:delete' ? firestoreDelete(a) : verdicts.get(command);
    if (!verdict) return undefined;
    if (a.has('--dry-run') && verdict.effect !== 'read') return { ...read('dry-run', 'a dry run shows what would change and changes nothing'), scope: verdict.scope };
    return verdict;
  },
});
