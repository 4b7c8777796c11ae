import { definePack } from './pack';

/**
 * The Nest CLI (`nest`, or `npx @nestjs/cli`) builds, runs and scaffolds a project on this
 * machine; whatever the running app then reaches is the app's doing, not the CLI's.
 */
export const nestPack = definePack({
  id: 'nest',
  programs: ['nest'],
  packages: ['@nestjs/cli'],
  scope: 'local',
  valueFlags: ['-c', '--config', '-p', '--path', '--project', '--collection', '--language', '-l', '--package-manager', '-e', '--exec',
    '--preserveWatchOutput', '--type-check'],
  rules: [
    { id: 'bare', effect: 'read', when: (a) => a.positionals.length === 0, reason: 'shows the Nest CLI usage' },
    { id: 'read', sub: ['build', 'start', 'info', 'i', 'help'], effect: 'read', reason: 'builds or runs the Nest project on this machine' },
  ],
  fallback: { effect: 'write', reason: 'scaffolds or changes the Nest project\'s files on this machine' },
});
