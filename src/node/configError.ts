/** An agent configuration Bulkhead will not write: not valid JSON, with the position of the error. */
export class ConfigError extends Error {
  constructor(readonly file: string, readonly line: number, readonly column: number, readonly reason: string) {
    super(`${file} is not valid JSON (line ${line}, column ${column}: ${reason}); Bulkhead left it unchanged`);
  }
}

/** A hook file Bulkhead will not write for a reason other than its JSON (two scripts in the way). */
export class HookFileError extends ConfigError {
  constructor(file: string, reason: string) {
    super(file, 1, 1, reason);
    this.message = `${file}: ${reason}; Bulkhead left it unchanged`;
  }
}
