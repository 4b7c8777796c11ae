import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { envKeyNames, envValues, isSealedStub, sealedStub } from '../core/envFile';
import type { Logger } from './logger';

/** What the workspace remembers of a sealed file: never a value. */
export interface SealedFile {
  readonly file: string;
  readonly environment: string;
  readonly keys: readonly string[];
}

const stateKey = 'bulkhead.sealedFiles';
const secretKey = (file: string) => `bulkhead.sealed:${file}`;

/**
 * Sealed secret files: the file's exact bytes live in SecretStorage (the OS keychain) and a stub
 * with the key names stays on disk. The keychain is written before the stub, and the stub replaces
 * the file in one rename, so a failed write leaves the original in place; unsealing writes the
 * bytes back the same way before the keychain entry is dropped.
 */
export class SealedSecrets {
  constructor(private readonly secrets: vscode.SecretStorage, private readonly state: vscode.Memento, private readonly logger: Logger) {}

  list(): readonly SealedFile[] {
    return this.state.get<SealedFile[]>(stateKey) ?? [];
  }

  async seal(file: string, environment: string): Promise<SealedFile> {
    const bytes = readFileSync(file);
    const text = bytes.toString('utf8');
    if (isSealedStub(text)) throw new Error(`${file} is sealed already`);
    const keys = envKeyNames(text);
    await this.secrets.store(secretKey(file), bytes.toString('base64'));
    replaceFile(file, Buffer.from(sealedStub(environment, keys, text.includes('\r\n') ? '\r\n' : '\n')));
    const sealed: SealedFile = { file, environment, keys };
    await this.state.update(stateKey, [...this.list().filter((s) => s.file !== file), sealed]);
    this.logger.info(`sealed ${keys.length} value(s) of ${environment} from ${file}`);
    return sealed;
  }

  async unseal(file: string): Promise<void> {
    const stored = await this.secrets.get(secretKey(file));
    if (stored === undefined) throw new Error(`${file} has no sealed values in this keychain`);
    replaceFile(file, Buffer.from(stored, 'base64'));
    await this.secrets.delete(secretKey(file));
    await this.state.update(stateKey, this.list().filter((s) => s.file !== file));
    this.logger.info(`unsealed ${file}`);
  }

  /** Every sealed value of `environment`, for new terminals while it is active. */
  async valuesFor(environment: string): Promise<Map<string, string>> {
    const values = new Map<string, string>();
    for (const sealed of this.list().filter((s) => s.environment === environment)) {
      const stored = await this.secrets.get(secretKey(sealed.file));
      if (stored === undefined) {
        this.logger.warn(`the sealed values of ${sealed.file} are missing from the keychain`);
        continue;
      }
      for (const [k, v] of envValues(Buffer.from(stored, 'base64').toString('utf8'))) values.set(k, v);
    }
    return values;
  }
}

function replaceFile(file: string, bytes: Buffer): void {
  const tmp = `${file}.bulkhead-${process.pid}.tmp`;
  writeFileSync(tmp, bytes, { mode: 0o600 });
  renameSync(tmp, file);
}
