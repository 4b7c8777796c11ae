// The credential scan's worker thread: the walk and the rules run here, so neither the extension
// host's main thread nor the CLI's waits on a regular expression over a large file.
import { parentPort, workerData } from 'node:worker_threads';
import { builtinPolicy } from '../../core/policy/load';
import { readPolicyFile } from '../policyFile';
import type { ScanReply, ScanRequest } from './scanClient';
import { scanWorkspace } from './workspaceScan';

function run(request: ScanRequest): ScanReply {
  try {
    let policy = builtinPolicy(request.dir);
    if (request.policyFile) {
      const loaded = readPolicyFile(request.policyFile);
      if (!loaded.policy) return { error: `the policy ${request.policyFile} has errors` };
      policy = loaded.policy;
    }
    const result = scanWorkspace(policy, { dir: request.dir, only: request.only, home: request.home, env: request.env, bounds: request.bounds });
    return { result };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

parentPort?.postMessage(run(workerData as ScanRequest));
