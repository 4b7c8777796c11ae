/** The environment a credential's value belongs to, and where Bulkhead saw it: `.env.production`, `$RAILWAY_TOKEN`. */
export interface KnownCredential {
  readonly environment: string;
  readonly source: string;
}

/**
 * Looks a value up among the environments' credentials. The Node side answers from keyed
 * fingerprints, so the values themselves are never kept; the core only asks.
 */
export type CredentialLookup = (value: string) => KnownCredential | undefined;

/** A credential pasted into a command line: the text found (kept only for the evaluation) and whose it is. */
export interface PastedCredential extends KnownCredential {
  readonly value: string;
}

/** Pieces of a line tried against the fingerprints; beyond this many the rest of the line is not looked up. */
export const maxCandidates = 4096;
const minLength = 8;
const maxLength = 8192;

/**
 * Every credential of an environment that appears literally in the text: each word between
 * spaces and quotes, and the pieces of it between `=`, `:`, `@`, `/`, `,`, `;`, `&`, `?` (a header,
 * a flag's value, a URL's password, a JSON field).
 */
export function pastedCredentials(text: string, lookup: CredentialLookup): { found: PastedCredential[]; exhausted: boolean } {
  const found = new Map<string, PastedCredential>();
  const tried = new Set<string>();
  let exhausted = false;
  const attempt = (piece: string): void => {
    if (piece.length < minLength || piece.length > maxLength || tried.has(piece)) return;
    if (tried.size >= maxCandidates) {
      exhausted = true;
      return;
    }
    tried.add(piece);
    const known = lookup(piece);
    if (known && !found.has(piece)) found.set(piece, { ...known, value: piece });
  };
  for (const word of text.split(/[\s"'`\\]+/)) {
    if (exhausted) break;
    if (word.length < minLength) continue;
    attempt(word);
    for (const piece of word.split(/[=:@/,;&?(){}[\]<>|]+/)) attempt(piece);
    // `Bearer:xyz`, `token=xyz.` and similar: the piece without trailing punctuation.
    attempt(word.replace(/[.,;:)\]}]+$/, ''));
  }
  return { found: [...found.values()], exhausted };
}

/** The sentence that says whose a pasted credential is: "the token on this line is production's (as in .env.production)". */
export function pastedSentence(credential: KnownCredential): string {
  return `the token on this line is ${credential.environment}'s (as in ${credential.source})`;
}
