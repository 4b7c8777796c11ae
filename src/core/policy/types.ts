import type { Effect, Protection, Scope } from '../model';

/**
 * The `.bulkhead.yaml` file as written. This interface is the source of
 * `schemas/bulkhead.schema.json` (`npm run schema`); JSDoc here becomes the schema's text.
 */
export interface PolicyDocument {
  /** Format version of this file. */
  version: 1;
  /**
   * Active environment when a workspace opens: the name of an environment, or `read-only`.
   * @pattern ^[A-Za-z0-9_.-]+$
   */
  default?: string;
  /** How long a critical environment stays selected before reverting by itself. */
  elevation?: ElevationSpec;
  /** The named places things run, such as `local`, `staging` and `production`. */
  environments: { [name: string]: EnvironmentSpec };
  /** Project-specific commands the built-in packs cannot know, checked before them. */
  rules?: RuleEntry[];
}

export interface ElevationSpec {
  /**
   * @minimum 1
   * @maximum 1440
   * @default 15
   */
  minutes?: number;
}

export interface EnvironmentSpec {
  /** `open`: anything goes; `guarded`: mutations of other environments are blocked; `critical`: even its own mutations ask. */
  protection?: Protection;
  /**
   * How to recognise this environment's resources, by kind (`kube-context`, `aws-profile`, `host`,
   * `resource`, `path`, …). Values are glob patterns.
   */
  targets?: { [kind: string]: string[] };
  /** Files that belong to this environment (globs relative to this file's folder). */
  secrets?: string[];
  /** Environment variables that carry this environment's power. */
  credentials?: string[];
}

export interface RuleEntry {
  /** A glob matched against the whole command as written after wrappers are removed, e.g. `make nuke*`. */
  match: string;
  effect: Effect;
  /** The environment this command acts on, when the command itself does not say. */
  target?: string;
  scope?: Scope;
  /** Shown to the human and the agent when the rule decides. */
  reason?: string;
}
