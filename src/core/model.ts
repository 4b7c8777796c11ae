/** What a command does. Ordered from harmless to opaque in `effectSeverity`. */
export type Effect = 'read' | 'write' | 'destroy' | 'unknown';
/** Where the effect lands: remote infrastructure, the local machine, or a credential. */
export type Scope = 'infra' | 'local' | 'secret';
export type Decision = 'allow' | 'confirm' | 'block';
export type Protection = 'open' | 'guarded' | 'critical';

export const protectionRank: Readonly<Record<Protection, number>> = { open: 0, guarded: 1, critical: 2 };
export const decisionRank: Readonly<Record<Decision, number>> = { allow: 0, confirm: 1, block: 2 };
/** Used to name the effect of a whole line when sub-commands tie on decision. */
export const effectSeverity: Readonly<Record<Effect, number>> = { read: 0, write: 1, unknown: 2, destroy: 3 };

/** Half-open character range [start, end) in the line the user or agent submitted. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

/**
 * A fact that may tie a command to an environment: `{kind: 'kube-context', value: 'prod-eu-1'}`.
 * Kinds are open-ended strings so a policy can add its own; `source` says where it came from,
 * for the explanation shown to the human.
 */
export interface TargetHint {
  readonly kind: string;
  readonly value: string;
  readonly source: string;
}

/** One argument word after quote removal. */
export interface Word {
  /** The value the program would receive, as far as it can be known statically. */
  readonly value: string;
  /** The source text. */
  readonly raw: string;
  /** True when the value contains an expansion whose result cannot be known ($VAR unset, $(…), globs). */
  readonly dynamic: boolean;
  readonly span: Span;
}

export interface StdinSource {
  /** heredoc/herestring carry `text`; `pipe` names the program writing into it; `file` names the path. */
  readonly kind: 'heredoc' | 'herestring' | 'pipe' | 'file';
  readonly text?: string;
  readonly from?: string;
  /**
   * When `text` is not known because only part of the input is (`(crontab -l; echo "0 3 * * * …") | crontab -`):
   * the parts that are, in order. What reads them as commands judges these and calls the rest unknown.
   */
  readonly known?: string;
  /** For a pipe: the files the program writing into it renders or prints (`kustomize build deploy/overlays/prod`). */
  readonly sources?: readonly string[];
  /** For a pipe: the writer's program and arguments, as evaluated (`mysqldump --skip-add-drop-table acme`), when it is one command. */
  readonly writer?: readonly string[];
}

/**
 * One simple command that would execute, after wrappers (`sudo`, `env`, `bash -c`, …) are
 * removed. This is what rule packs look at.
 */
export interface Invocation {
  /** Executable basename after quote removal: `/usr/local/bin/ter''raform` → `terraform`. */
  readonly program: string;
  /** The program as written, path included: `./scripts/deploy.sh`. */
  readonly argv0: string;
  /** Argument values after the program, in order. */
  readonly args: readonly string[];
  /** The same arguments with spans and dynamic markers. */
  readonly words: readonly Word[];
  /** Environment the command sees: the caller's, plus `VAR=val` prefixes and `env` wrapper changes. */
  readonly env: Readonly<Record<string, string>>;
  /** Only the variables this line assigned (prefixes, `env VAR=…`, `export` earlier on the line). */
  readonly assigned: Readonly<Record<string, string>>;
  /** Absolute working directory, after `cd` earlier on the line and `-chdir`-style wrappers. */
  readonly cwd: string;
  readonly stdin?: StdinSource;
  /** Span of the whole command in the submitted line (for nested commands, of the outermost word that contains it). */
  readonly span: Span;
  /** Wrappers that were removed to reach this command, outermost first: `['sudo', 'bash -c']`. */
  readonly via: readonly string[];
  /** Targets inherited from an enclosing command (`kubectl exec … -- sh -c …`, `ssh host …`). */
  readonly inherited: readonly TargetHint[];
  /** A task runner or script: whether its body was read, or why not. */
  readonly task?: { readonly read: boolean; readonly note: string };
  /** Inline code an interpreter runs, as words: what it calls, its string literals, the libraries it loads. */
  readonly code?: CodeWords;
  /**
   * The text of a file the command names, as it will find it: written earlier on the line, else the
   * workspace's (bounded by the reader); undefined when not known (`psql -f /tmp/q.sql`).
   */
  readonly fileText?: (path: string) => string | undefined;
}

/** The words of a script: enough to judge code whose calls no table knows (`DeleteBucketCommand`, `.flushall()`). */
export interface CodeWords {
  /** Names of the functions and methods it calls. */
  readonly calls: readonly string[];
  /** Its string literals, decoded. */
  readonly literals: readonly string[];
  /** The modules it imports or requires. */
  readonly modules: readonly string[];
  /** The environment variables it reads (`process.env.PROD_DATABASE_URL`, `os.environ["DATABASE_URL"]`). */
  readonly variables?: readonly string[];
}

/** What a rule pack concluded about one invocation. */
export interface Finding {
  /** Stable id, `pack.rule`: `kubectl.delete`. Shown to humans and agents, used in audit and tests. */
  readonly ruleId: string;
  readonly effect: Effect;
  readonly scope: Scope;
  /** One line, for a human: "deletes Kubernetes resources". */
  readonly reason: string;
  /** Targets named by the command itself (flags, URLs, resource names). */
  readonly targets?: readonly TargetHint[];
  /**
   * Kinds of ambient state that decide the target when the command names none of that kind,
   * e.g. `['kube-context']` for kubectl: the kubeconfig's current-context applies.
   */
  readonly ambient?: readonly string[];
  /**
   * Set when the pack cannot tell what the command does to infrastructure, but the command
   * is still tied to the targets above (for example `ssh host` with no remote command).
   */
  readonly note?: string;
  /**
   * State this command leaves behind for the commands after it on the same line:
   * `terraform workspace select prod` → `{'terraform-workspace': 'prod'}`.
   */
  readonly setsAmbient?: Readonly<Record<string, string>>;
  /**
   * Argument values the command only reads (the source of a copy): the environments they name are
   * not where the change lands, so they are left out of the targets.
   */
  readonly readsFrom?: readonly string[];
  /** The least strict decision this command may get, whatever the table says (changing a guard asks a human). */
  readonly atLeast?: Decision;
  /**
   * Judged by its words, not by a pack that knows the program: where it acts is only what its
   * arguments name, so no explanation may say it stays on this machine.
   */
  readonly inferred?: boolean;
}

/** Hint kinds that place a command on another machine (a pod, a container, an ssh host). */
export const remoteHintKinds: ReadonlySet<string> = new Set(['host', 'container', 'kube-context', 'namespace', 'ambient']);

/** Ambient facts read from the machine by the Node layer and passed in (the core does no I/O). */
export type AmbientState = Readonly<Record<string, string | undefined>>;
