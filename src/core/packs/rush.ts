import { definePack } from './pack';

/**
 * Rush's own commands install, build and link the monorepo on this machine; `rush deploy` copies a
 * project and its dependencies into a local folder. Custom commands (command-line.json) and
 * `rush publish` are not these, and are judged by their words.
 */
export const rushPack = definePack({
  id: 'rush',
  programs: ['rush'],
  scope: 'local',
  valueFlags: ['-p', '--project', '-t', '--to', '-f', '--from', '-o', '--only', '-s', '--scenario', '--target-folder', '--overwrite',
    '--variant', '-b', '--branch', '--target-branch', '--timeline', '--parallelism'],
  rules: [
    { id: 'read', sub: ['list', 'check', 'scan', 'alert', 'help'], effect: 'read', reason: 'reports on the monorepo\'s projects and dependencies' },
    { id: 'local', sub: ['install', 'update', 'add', 'remove', 'upgrade-interactive', 'link', 'unlink', 'purge', 'build', 'rebuild', 'deploy', 'init-deploy',
      'init', 'change', 'version', 'setup', 'install-autoinstaller', 'update-autoinstaller', 'init-autoinstaller', 'update-cloud-credentials'],
    effect: 'write', reason: 'installs, builds, links or stages the monorepo\'s projects on this machine (`rush deploy` copies into a local folder)' },
  ],
});
