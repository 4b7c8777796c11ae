import type { Word } from '../model';
import type { RawCommand } from './extract';

/** Command lines handed to one program that are looked into, against a line built to flood the walk. */
const maxEmbedded = 8;

export interface EmbeddedRunners {
  /** Whether Bulkhead knows what a program of this name does: a pack, a wrapper, a shell or interpreter, a task runner, a script path. */
  readonly knows: (program: string) => boolean;
  /** Continues with the command's words from `from` on as the command it runs. */
  readonly shift: (from: number, label: string) => void;
  /** Walks a string as the shell code the command will run. */
  readonly reparse: (code: string, label: string) => void;
}

/**
 * A program Bulkhead has no pack for may still run a command it was handed: the words after `--`
 * (`watchexec -w src -- kubectl delete …`, `retry -t 3 -- terraform destroy`) or a word that is a
 * command line itself (`nodemon --exec 'kubectl delete …'`, `concurrently "npm run a" "npm run b"`).
 * When such words start with a program Bulkhead knows, they are judged as a command it runs, on
 * top of the program's own words; words that start with anything else stay its operands.
 */
export function embeddedCommands(command: RawCommand, program: string, runners: EmbeddedRunners): void {
  const args = command.args;
  let looked = 0;
  const end = args.findIndex((a) => !a.dynamic && a.value === '--');
  if (end >= 0 && end + 1 < args.length && !args[end + 1].dynamic && runners.knows(args[end + 1].value)) {
    runners.shift(end + 1, `${program} --`);
    looked++;
  }
  for (let i = 0; i < (end >= 0 ? end : args.length) && looked < maxEmbedded; i++) {
    const line = commandLineIn(args[i]);
    if (line === undefined || !runners.knows(line.split(/\s+/)[0])) continue;
    runners.reparse(line, `${program} ${flagOf(args, i)}`.trimEnd());
    looked++;
  }
}

/** A word holding several words whose first is a program name: `--exec=kubectl delete ns x`, `"npm run a"`. */
function commandLineIn(word: Word): string | undefined {
  if (word.dynamic) return undefined;
  const value = word.value.startsWith('-') && word.value.includes('=') ? word.value.slice(word.value.indexOf('=') + 1) : word.value;
  const trimmed = value.trim();
  if (!/\s/.test(trimmed) || !/^[A-Za-z0-9_./-]+\s/.test(trimmed)) return undefined;
  return trimmed;
}

function flagOf(args: readonly Word[], i: number): string {
  const own = args[i].value;
  if (own.startsWith('-') && own.includes('=')) return own.slice(0, own.indexOf('='));
  const before = args[i - 1]?.value;
  return before?.startsWith('-') ? before : '';
}
