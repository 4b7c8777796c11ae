import type { TargetHint } from '../model';
import { stageHintsFromValue } from './iac-hints';
import { definePack } from './pack';
import { verbInName } from '../words/verbs';

/**
 * dbt builds tables and views in a warehouse. Where: the profile's target, named by `--target`
 * (`-t`) or $DBT_TARGET, the profile by `--profile` or $DBT_PROFILE; targets are usually named
 * after their environment (`dev`, `prod`). Without one, the profile's default target applies,
 * which the line does not show.
 */
export const dbtPack = definePack({
  id: 'dbt',
  programs: ['dbt'],
  targetKinds: ['stage'],
  valueFlags: [
    '--profiles-dir', '--project-dir', '-s', '--select', '--exclude', '--selector', '--vars', '--threads', '--state', '--defer-state',
    '--target-path', '--log-path', '--log-level', '--log-format', '--resource-type', '--output', '-o', '--output-keys', '--args',
    '--inline', '--limit', '--event-time-start', '--event-time-end', '--sample',
  ],
  targetFlags: { '--target': 'stage', '-t': 'stage', '--profile': 'stage' },
  envTargets: { DBT_TARGET: 'stage', DBT_PROFILE: 'stage' },
  readFlags: ['--version', '-h'],
  rules: [
    { id: 'full-refresh', sub: ['run', 'build', 'seed'], effect: 'destroy', when: (a) => a.has('--full-refresh'),
      reason: 'drops and rebuilds the selected tables from scratch (--full-refresh): what incremental runs kept is gone' },
    { id: 'build', sub: ['run', 'build', 'seed', 'snapshot', 'clone', 'retry'], effect: 'write',
      reason: 'creates or replaces tables and views in the warehouse' },
    { id: 'operation-destroy', sub: 'run-operation', effect: 'destroy', when: (a) => verbInName(a.positionals[1] ?? '')?.effect === 'destroy',
      reason: 'runs a macro whose SQL Bulkhead cannot see, and whose name says it destroys (drop, delete, purge …)' },
    { id: 'operation', sub: 'run-operation', effect: 'unknown', reason: 'runs a macro, whose SQL Bulkhead cannot see' },
    { id: 'read', sub: ['test', 'compile', 'parse', 'ls', 'list', 'show', 'docs', 'source', 'debug', 'help'], effect: 'read',
      reason: 'compiles, tests or queries models; changes nothing in the warehouse' },
    { id: 'local', sub: ['deps', 'clean', 'init'], effect: 'write', scope: 'local', reason: 'changes the project folder on this machine' },
  ],
  targets: (a) => {
    const hints: TargetHint[] = [];
    // `--target prod-eu`: the environment words inside a target's name.
    for (const value of a.values('--target', '-t')) if (value) hints.push(...stageHintsFromValue(value, '--target'));
    return hints;
  },
});
