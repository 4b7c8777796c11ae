import type { RunnerSpec } from './pack';

/**
 * Programs that run another command on this machine: secret managers and variable loaders that
 * give it an environment's credentials, and project runners that give it the project's
 * dependencies. The command they run is judged as if typed with what they load.
 */
export const runners: readonly RunnerSpec[] = [
  { programs: ['doppler'], sub: 'run', command: '--', environmentFlags: ['--config', '-c', '--environment'] },
  { programs: ['infisical'], sub: 'run', command: '--', environmentFlags: ['--env', '-e'] },
  { programs: ['op'], sub: 'run', command: '--', envFiles: { flags: ['--env-file'] } },
  { programs: ['teller'], sub: 'run', command: '--', configFile: { flags: ['-c', '--config'], otherwise: '.teller.yml' }, shellFlags: ['--shell'] },
  // The profile's credentials are the target.
  { programs: ['aws-vault'], sub: 'exec', command: 'options', profileVariables: ['AWS_PROFILE', 'AWS_VAULT'],
    valueFlags: ['-d', '--duration', '-t', '--mfa-token', '-r', '--region'] },
  { programs: ['dotenv'], command: '--', envFiles: { flags: ['-e', '--env-file'], otherwise: '.env' } },
  { programs: ['env-cmd'], command: 'options', envFiles: { flags: ['-f', '--file'] }, environmentFlags: ['-e', '--environments'], valueFlags: ['-r', '--rc-file'] },
  { programs: ['bundle'], sub: 'exec', command: 'next' },
  { programs: ['poetry'], sub: 'run', command: 'next' },
  { programs: ['pipenv'], sub: 'run', command: 'next' },
  { programs: ['pants'], sub: 'run', command: 'options', scripts: { py: 'python', sh: 'bash' } },
  { programs: ['uv'], sub: 'run', command: 'options', valueFlags: ['--with', '--python', '-p', '--project', '--directory'] },
];
