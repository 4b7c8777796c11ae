import { type Effect, effectSeverity } from '../model';
import { fusedDestroyVerbs, verbEffects, verbsAfterANoun } from './vocabulary';

/**
 * Reading verbs out of words: a subcommand, a script's or tool's name, a flag. Kept apart from the
 * judge so that packs can ask what a name says without the policy (`fly frobnicate-delete`).
 */

/**
 * What a name says it does when nothing else can be read: an unseen file's (`0042_drop_legacy.sql`
 * → drop) or an MCP tool's (`mcp__railway__volume_delete` → delete). The worst changing verb among
 * the words of its base name.
 */
export function verbInName(path: string): { verb: string; effect: Effect } | undefined {
  const base = path.slice(path.lastIndexOf('/') + 1).replace(/\.[A-Za-z0-9]{1,5}$/, '');
  return base ? verbOf(base) : undefined;
}

/**
 * `db:drop` → drop, `purgeCache` → purge, `volume_delete` → delete. Inside a compound word a
 * changing verb counts (`service-version` is a noun), or a reading verb that leads it and nothing
 * changing follows (`get-secret`, `list_buckets`). A path, a file name or quoted text is an
 * operand, not a subcommand.
 */
export function verbOf(word: string): { verb: string; effect: Effect } | undefined {
  if (isOperand(word)) return undefined;
  const whole = verbEffects.get(word.toLowerCase());
  if (whole) return { verb: word.toLowerCase(), effect: whole };
  let best: { verb: string; effect: Effect } | undefined;
  const split = parts(word);
  for (const part of split) {
    if (verbsAfterANoun.has(part)) continue;
    const fused = verbEffects.has(part) ? undefined : destroyingPrefix(part);
    const effect = fused ? 'destroy' : verbEffects.get(part);
    if (effect && effect !== 'read' && (!best || effectSeverity[effect] > effectSeverity[best.effect])) best = { verb: fused ?? part, effect };
  }
  if (!best && split.length > 1 && verbEffects.get(split[0]) === 'read') return { verb: split[0], effect: 'read' };
  return best;
}

/**
 * A destroying verb run together with its object (`deletetable`, `removeinstance`, `purgeall`), as
 * some CLIs spell their subcommands. What follows the verb must read as a noun, not an inflection
 * of the verb (`deleted`, `removal`, `flushing` are not orders).
 */
function destroyingPrefix(part: string): string | undefined {
  if (part.length < 7 || !/^[a-z]+$/.test(part)) return undefined;
  const verb = fusedDestroyVerbs.find((v) => part.startsWith(v));
  if (verb) {
    const rest = part.slice(verb.length);
    return rest.length >= 3 && !verbInflection.test(rest) ? verb : undefined;
  }
  // Or its object first (`bucketwipe`, `cachepurge`): a noun of three letters or more, then the verb.
  const last = fusedDestroyVerbs.find((v) => part.endsWith(v) && part.length - v.length >= 3);
  return last;
}

/** A path, a host, a file name or quoted text: what a subcommand acts on, not the subcommand. */
export function isOperand(word: string): boolean {
  if (word.length > 64 || /[/\s'"(){};=@]/.test(word)) return true;
  const extension = /\.([a-z0-9]{1,5})$/i.exec(word)?.[1]?.toLowerCase();
  if (extension === undefined) return false;
  // A dotted sub-command (`govc vm.power`, `datastore.rm`) ends in a changing verb, not a file type.
  const effect = verbEffects.get(extension);
  const dottedCommand = effect !== undefined && effect !== 'read' && !fileTypes.has(extension) && /^[a-z][a-z0-9_-]*\.[a-z]+$/i.test(word);
  return !dottedCommand;
}

/** Changing verbs that are also common file extensions: `fix.patch` is a file. */
const fileTypes: ReadonlySet<string> = new Set(['patch', 'diff', 'sync', 'set', 'new', 'add', 'copy', 'cp', 'mv', 'move', 'zero']);

const verbInflection = /^(?:e?[ds]|e?rs?|ion|ions|ing|ings|able|ability|ment|ments|al|als)$/;

export function parts(word: string): string[] {
  return word.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase().split(/[\s:_\-./@,+]+/).filter(Boolean);
}

