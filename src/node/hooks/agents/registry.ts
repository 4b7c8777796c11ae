import { claude } from './claude';
import { cline } from './cline';
import { codex } from './codex';
import { copilot } from './copilot';
import { cursor } from './cursor';
import { gemini } from './gemini';
import { kiro } from './kiro';
import type { AgentId, AgentModule, AgentSpec, JsonAgent } from './types';
import { windsurf } from './windsurf';

/** Every agent Bulkhead installs into: a new agent is a new module here, and the compiler asks for it. */
export const agentModules = { cursor, claude, copilot, codex, gemini, windsurf, kiro, cline } as const satisfies Readonly<Record<AgentId, AgentModule>>;

/** The agents whose hooks are entries in JSON files. */
export type JsonAgentId = { [K in AgentId]: (typeof agentModules)[K] extends JsonAgent ? K : never }[AgentId];

/** In the registry's order, which is the order installers, doctor and the status bar list agents in. */
export const agentIds = Object.keys(agentModules) as readonly AgentId[];

export const agentSpecs: Readonly<Record<AgentId, AgentSpec>> = Object.fromEntries(agentIds.map((id) => [id, agentModules[id].spec])) as Record<AgentId, AgentSpec>;

/** How each agent treats a hook that crashed or timed out, as the installed entry sets it up. */
export function failureMeaning(agent: AgentId): string {
  return agentModules[agent].failure.meaning;
}
/**
 * What Bulkhead's installed hooks do when they cannot answer, agent by agent, in few words:
 * "Cursor, Claude Code: fail-closed, 90 s timeout; Codex: fails open on a crash or timeout, 90 s timeout".
 */
export function failureSummary(agents: readonly AgentId[], confirmationTimeoutSeconds: number): string {
  const groups = new Map<string, { readonly lets: string | undefined; readonly seconds: number | undefined; readonly names: string[] }>();
  for (const agent of agents) {
    const { failure, spec } = agentModules[agent];
    const lets = failure.closedOnCrash ? (failure.closedOnTimeout ? undefined : 'a timeout') : failure.closedOnTimeout ? 'a crash' : 'a crash or timeout';
    const seconds = agentModules[agent].hookSeconds(confirmationTimeoutSeconds);
    const key = `${lets}\0${seconds}`;
    if (!groups.has(key)) groups.set(key, { lets, seconds, names: [] });
    groups.get(key)!.names.push(spec.name);
  }
  return [...groups.values()].map(({ lets, seconds, names }) => {
    const failing = lets === undefined ? 'fail-closed' : `${names.length === 1 ? 'fails' : 'fail'} open on ${lets}`;
    return `${names.join(', ')}: ${failing}${seconds === undefined ? '' : `, ${seconds} s timeout`}`;
  }).join('; ');
}
