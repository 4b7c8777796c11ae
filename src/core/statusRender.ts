/**
 * The status bar item as a pure function of state: no vscode import, unit-tested with node:test.
 * The feature in statusBar.ts applies the result to a StatusBarItem.
 */
import type { Protection } from './model';
import { safeMarkdownText } from './redact';

export type { Protection };

export interface LayerState {
  readonly name: string;
  readonly on: boolean;
  readonly detail: string;
}

export interface StatusState {
  /** Environment name, or `read-only`. */
  readonly active: string;
  /** Undefined for read-only or when the policy does not define the name. */
  readonly protection?: Protection;
  readonly isDefault: boolean;
  /** Epoch ms when the elevation ends; set only while a critical environment is selected. */
  readonly elevatedUntil?: number;
  readonly now: number;
  readonly layers: readonly LayerState[];
  readonly lastStopped?: { readonly command: string; readonly decision: string; readonly at: number };
  /** Mutations seen in terminals that passed no guard, since activation. */
  readonly bypasses: number;
  /** The policy file, or undefined for the built-in policy. */
  readonly policyFile?: string;
  /** Set when the file has errors and the last good policy is in use. */
  readonly policyProblem?: string;
}

export interface StatusView {
  readonly text: string;
  /** Markdown. */
  readonly tooltip: string;
  readonly background?: 'warning' | 'error';
  readonly accessibilityLabel: string;
  /** What a click does: pick the environment, or create the policy when there is none. */
  readonly command: 'bulkhead.selectEnvironment' | 'bulkhead.initializePolicy';
}

export const readOnlyName = 'read-only';

/** `14:59`, `1:02:03`; never negative. */
export function formatRemaining(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const pad = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${pad(m)}:${pad(s)}` : `${m}:${pad(s)}`;
}

function ago(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s ago`;
  const m = Math.round(s / 60);
  if (m < 60) return `${m} min ago`;
  return `${Math.round(m / 60)} h ago`;
}

export function renderStatus(state: StatusState): StatusView {
  const readOnly = state.active === readOnlyName;
  const remaining = state.elevatedUntil !== undefined ? state.elevatedUntil - state.now : undefined;
  const icon = readOnly ? '$(lock)' : state.protection === 'critical' ? '$(shield)' : '$(shield)';
  // With no .bulkhead.yaml there are no environments: the packs still classify, and any destroy asks.
  const noPolicy = !readOnly && state.protection === undefined && state.policyFile === undefined;
  const name = readOnly ? 'Read-only' : noPolicy ? 'no policy' : state.active;
  let text = `${icon} ${name}`;
  if (remaining !== undefined) text += ` $(watch) ${formatRemaining(remaining)}`;
  if (state.bypasses > 0) text += ` $(alert) ${state.bypasses}`;
  if (state.policyProblem) text += ' $(warning)';

  const background: StatusView['background'] = state.bypasses > 0 || state.protection === 'critical' ? 'error'
    : state.protection === 'guarded' || readOnly ? 'warning' : undefined;

  const lines: string[] = [];
  lines.push(`**Bulkhead** — active environment: **${safeMarkdownText(name)}**${state.isDefault ? ' (default)' : ''}`);
  lines.push('');
  if (readOnly) lines.push('Protection: read-only (diagnose) — nothing may change infrastructure anywhere');
  else if (noPolicy) lines.push('No `.bulkhead.yaml` in this workspace: built-in rules only, and anything destructive asks');
  else lines.push(`Protection: ${state.protection ?? 'unknown (not in the policy)'}`);
  if (remaining !== undefined) lines.push(`\n\nElevation: ${formatRemaining(remaining)} left, then back to the default`);
  lines.push('');
  lines.push('Enforcement:');
  lines.push('');
  for (const layer of state.layers) lines.push(`- ${layer.on ? '$(pass)' : '$(circle-slash)'} ${safeMarkdownText(layer.name)}: ${safeMarkdownText(layer.detail)}`);
  if (state.lastStopped) {
    lines.push('');
    lines.push(`Last stopped (${safeMarkdownText(state.lastStopped.decision)}, ${ago(state.now - state.lastStopped.at)}): \`${state.lastStopped.command.replace(/`/g, "'")}\``);
  }
  if (state.bypasses > 0) {
    lines.push('');
    lines.push(`$(alert) ${state.bypasses} mutation${state.bypasses === 1 ? '' : 's'} ran without passing a guard — see Show Activity`);
  }
  lines.push('');
  lines.push(state.policyFile ? `Policy: ${safeMarkdownText(state.policyFile)}` : 'Policy: built-in (no .bulkhead.yaml)');
  if (state.policyProblem) lines.push(`\n\n$(warning) ${safeMarkdownText(state.policyProblem)}`);
  lines.push('');
  lines.push(noPolicy ? 'Click to create a policy from what this workspace uses (Bulkhead: Initialize Policy)' : 'Click to select the environment');

  const accessibilityLabel = `Bulkhead active environment ${name}${state.protection ? `, ${state.protection}` : ''}${remaining !== undefined ? `, elevation ${formatRemaining(remaining)} left` : ''}`;
  return { text, tooltip: lines.join('\n'), background, accessibilityLabel, command: noPolicy ? 'bulkhead.initializePolicy' : 'bulkhead.selectEnvironment' };
}
