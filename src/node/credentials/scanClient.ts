import { Worker } from 'node:worker_threads';
import type { WorkspaceScan } from './workspaceScan';

/** Every walk stops at the first of these; past one, the scan says which and what it did not read. */
export interface ScanBounds {
  readonly maxFiles: number;
  readonly maxFileBytes: number;
  readonly maxTotalBytes: number;
  readonly maxMs: number;
}

export const defaultScanBounds: ScanBounds = { maxFiles: 50_000, maxFileBytes: 1024 * 1024, maxTotalBytes: 512 * 1024 * 1024, maxMs: 30_000 };

export interface ScanRequest {
  /** The folder to walk; the policy's folder when a policy is given, or inside it. */
  readonly dir: string;
  readonly policyFile?: string;
  /** Relative to the policy's folder: only these files (a save), not the whole folder. */
  readonly only?: readonly string[];
  readonly home?: string;
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly bounds?: ScanBounds;
}

export type ScanReply = { readonly result: WorkspaceScan } | { readonly error: string };

/** Time the worker is given beyond the scan's own time bound before it is stopped. */
const graceMs = 5_000;

/**
 * Runs one scan in a worker thread (the bundle `scanWorker.js` beside the caller's). A worker that
 * fails, or outlives the scan's time bound, is stopped and the reply says so: never a hang.
 */
export function scanInWorker(workerFile: string, request: ScanRequest): Promise<ScanReply> {
  const limitMs = (request.bounds ?? defaultScanBounds).maxMs + graceMs;
  return new Promise((resolve) => {
    let settled = false;
    const settle = (reply: ScanReply) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      resolve(reply);
    };
    const worker = new Worker(workerFile, { workerData: request });
    const timer = setTimeout(() => settle({ error: `the scan did not finish within ${Math.round(limitMs / 1000)} s and was stopped` }), limitMs);
    worker.once('message', (reply: ScanReply) => settle(reply));
    worker.once('error', (error) => settle({ error: `the scan failed: ${error.message}` }));
    worker.once('exit', (code) => settle({ error: `the scan stopped before answering (exit ${code})` }));
  });
}
