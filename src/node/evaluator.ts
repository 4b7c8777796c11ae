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

/**
 * The bash grammar, loaded when a line first needs it. Plain lines (`kubectl get pods`) are read
 * without a parse tree, and instantiating the grammar is a cost a one-call process such as the hook
 * should pay only for a line that needs it. Until it is loaded, a parse fails and is remembered, so
 * that the line is evaluated again with the grammar instead of being judged from the failure.
 */
class GrammarOnDemand implements ShellParser {
  private loaded: ShellParser | undefined;
  wanted = false;

  constructor(loaded?: ShellParser) {
    this.loaded = loaded;
  }

  get ready(): ShellParser | undefined {
    return this.loaded;
  }

  parse(text: string): ReturnType<ShellParser['parse']> {
    if (this.loaded) return this.loaded.parse(text);
    this.wanted = true;
    throw new Error('the bash grammar is not loaded yet');
  }

  async load(): Promise<void> {
    this.loaded ??= await loadBashParser();
  }
}

/** The engine with the machine's ambient state joined in: what the CLI, the hook and the extension call. */
export class Evaluator {
  private readonly engine: Engine;

  private constructor(private readonly grammar: GrammarOnDemand) {
    this.engine = createEngine(grammar);
  }

  /** With the grammar loaded: `evaluate` can read any line at once. */
  static async create(): Promise<Evaluator> {
    return new Evaluator(new GrammarOnDemand(await loadBashParser()));
  }

  /** Without the grammar: use `evaluateLoading`, which loads it only for a line that needs it. */
  static withGrammarOnDemand(): Evaluator {
    return new Evaluator(new GrammarOnDemand());
  }

  /** The loaded grammar (`bulkhead explain` prints its tree); undefined until a line needed it. */
  get parser(): ShellParser | undefined {
    return this.grammar.ready;
  }

  /** Evaluates `line`, loading the grammar first when the line turns out to need it. */
  async evaluateLoading(line: string, options: EvaluateOptions): Promise<Evaluation> {
    this.grammar.wanted = false;
    const first = this.evaluate(line, options);
    if (!this.grammar.wanted) return first;
    await this.grammar.load();
    return this.evaluate(line, options);
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
