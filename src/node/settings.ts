/**
 * Every Bulkhead setting: its key, type, default and bounds, as `contributes.configuration` in
 * package.json declares them (a unit test holds the two equal), and the one reader that turns
 * whatever the user wrote into a safe value. The editor passes in how to read a key.
 */
import { type IgnoreFileName, ignoreFileNames } from './ignoreFiles';

export const settingsSection = 'bulkhead';

interface NumberSpec { readonly key: string; readonly type: 'number'; readonly default: number; readonly minimum: number; readonly maximum: number }
interface BooleanSpec { readonly key: string; readonly type: 'boolean'; readonly default: boolean }
interface ChoicesSpec { readonly key: string; readonly type: 'array'; readonly default: readonly string[]; readonly enum: readonly string[] }
export type SettingSpec = NumberSpec | BooleanSpec | ChoicesSpec;

export const settingSpecs = {
  confirmationTimeoutSeconds: { key: 'confirmationTimeoutSeconds', type: 'number', default: 60, minimum: 5, maximum: 3600 },
  terminalGuard: { key: 'terminalGuard.enabled', type: 'boolean', default: true },
  observe: { key: 'observation.enabled', type: 'boolean', default: true },
  credentialScan: { key: 'credentialScan.enabled', type: 'boolean', default: true },
  closeSealedTerminals: { key: 'sealedSecrets.closeTerminals', type: 'boolean', default: false },
  ignoreFiles: { key: 'secretHiding.ignoreFiles', type: 'array', default: ignoreFileNames, enum: ignoreFileNames },
} as const satisfies Record<string, SettingSpec>;

export interface Settings {
  /** Seconds a confirmation waits before it counts as "no". */
  readonly confirmationTimeoutSeconds: number;
  /** PATH shims, BASH_ENV trap and credential blanking in VS Code terminals. */
  readonly terminalGuard: boolean;
  /** Re-evaluate every command seen through shell integration and report bypasses. */
  readonly observe: boolean;
  /** Scan the workspace for stray credentials when it opens and on each save. */
  readonly credentialScan: boolean;
  /** Close the terminals that received sealed values when their environment stops being active, instead of naming them. */
  readonly closeSealedTerminals: boolean;
  /** The agent ignore files Install Agent Hooks keeps a managed block in. */
  readonly ignoreFiles: readonly IgnoreFileName[];
}

function clamp(spec: NumberSpec, value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? Math.min(spec.maximum, Math.max(spec.minimum, value)) : spec.default;
}

// A protection stays on unless it is turned off in so many words: a typo is not a "no".
const onUnlessFalse = (value: unknown): boolean => value !== false;

function choices<T extends string>(allowed: readonly T[], value: unknown): T[] {
  if (!Array.isArray(value)) return [...allowed];
  return allowed.filter((name) => value.includes(name));
}

/** The settings from `get(key)` (keys without the section), each bad or missing value replaced by its default. */
export function settingsFrom(get: (key: string) => unknown): Settings {
  const s = settingSpecs;
  return {
    confirmationTimeoutSeconds: clamp(s.confirmationTimeoutSeconds, get(s.confirmationTimeoutSeconds.key)),
    terminalGuard: onUnlessFalse(get(s.terminalGuard.key)),
    observe: onUnlessFalse(get(s.observe.key)),
    credentialScan: onUnlessFalse(get(s.credentialScan.key)),
    // Closing a terminal ends whatever runs in it: only when asked for in so many words.
    closeSealedTerminals: get(s.closeSealedTerminals.key) === true,
    ignoreFiles: choices(ignoreFileNames, get(s.ignoreFiles.key)),
  };
}
