import { createEngine, type Engine, type Evaluation } from '../core/engine';
import type { Policy } from '../core/policy/load';
import { readAmbient } from './ambient';
import { readBoundedFile } from './boundedRead';
import { credentialLookup } from './credentials/fingerprints';
import { createFileSystemView } from './fileSystemView';
import { loadBashParser } from './parser';
import type { ShellParser } from '../core/shell/syntax';

/** Package files, Makefiles, justfiles, Taskfiles and scripts larger than this are not read: what they run is unknown. */
export const maxTaskFileBytes = 256 * 1024;

export interface EvaluateOptions {
  readonly policy: Policy;
  readonly active?: string;
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Where the per-user fingerprint key and stores live; the user's home by default. */
  readonly home?: string;
}

/** The engine with the machine's ambient state joined in: what the CLI, the hook and the extension call. */
export class Evaluator {
  private constructor(
    readonly parser: ShellParser,
    private readonly engine: Engine,
  ) {}

  static async create(): Promise<Evaluator> {
    const parser = await loadBashParser();
    return new Evaluator(parser, createEngine(parser));
  }

  evaluate(line: string, options: EvaluateOptions): Evaluation {
    const env: Record<string, string> = {};
    for (const [key, value] of Object.entries(options.env)) if (value !== undefined) env[key] = value;
    return this.engine.evaluate(line, {
      policy: options.policy,
      active: options.active,
      env,
      cwd: options.cwd,
      ambient: readAmbient(options.cwd, env),
      ambientAt: (cwd) => readAmbient(cwd, env),
      readFile: (path) => readBoundedFile(path, maxTaskFileBytes),
      files: createFileSystemView(options.policy),
      credentials: credentialLookup(options.policy, env, options.home),
    });
  }
}
