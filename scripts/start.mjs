#!/usr/bin/env node
// `npm start`: VS Code in your browser (code-server) with the packaged Bulkhead installed, on a copy
// of the demo workspace (demo/workspace: a staging and a production environment, stand-ins for
// railway, kubectl and terraform that only print, a stray production token, a .env.production, and
// replay-incident, which sends the incident's steps through Bulkhead's hook as an agent would).
// Packages first; Ctrl+C stops the server.
//   npm start -- [--port 8080] [--host 127.0.0.1]     (--host 0.0.0.0 serves other machines: there is no password)
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { installExtension, makeDemoWorld, requireHost, startServer } from './vshost-lib.mjs';

process.chdir(resolve(dirname(fileURLToPath(import.meta.url)), '..'));
const usage = 'usage: npm start -- [--port PORT] [--host ADDRESS]   (defaults: --port 8080 --host 127.0.0.1)';
const options = { port: 8080, host: '127.0.0.1' };
const args = process.argv.slice(2);
for (let i = 0; i < args.length; i++) {
  const arg = args[i];
  const [flag, inline] = arg.split(/=(.*)/s, 2);
  const value = inline ?? args[++i];
  if (flag === '--port' && /^\d+$/.test(value ?? '') && Number(value) >= 1 && Number(value) <= 65535) options.port = Number(value);
  else if (flag === '--host' && value) options.host = value;
  else {
    console.error(`start: ${flag === '--port' ? `--port takes a number from 1 to 65535, not ${value ?? 'nothing'}` : `unknown argument ${arg}`}\n${usage}`);
    process.exit(2);
  }
}
requireHost();
const world = makeDemoWorld();
installExtension(world);
let server;
try {
  server = await startServer(world, { port: options.port, bind: options.host, smokeTestDriver: false });
} catch (error) {
  console.error(`start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
console.log(`
Bulkhead is running in VS Code at ${server.url}?folder=${encodeURIComponent(world.ws)}

The demo workspace has a policy (staging active, production critical), stand-ins for railway,
kubectl and terraform that only print, a production token left in scripts/backfill-volumes.sh and
a .env.production. Open a terminal (Terminal → New Terminal) and try:

  1. kubectl --context prod-eu-1 delete namespace shop
       blocked: it acts on production while staging is active; Enter answers Don't Run
  2. terraform -chdir=infra/envs/staging destroy
       a destroy of staging asks for "staging" typed, even with staging active
  3. echo "$RAILWAY_TOKEN"
       empty: production's credential is not available in this terminal (Bulkhead empties it)
  4. replay-incident
       the incident, as an agent's Bash tool sends it to Bulkhead's hook: the token hunt
       (grep -rn RAILWAY .) is refused for reading .env.production, a narrower grep finds
       production's token in scripts/backfill-volumes.sh (the Problems panel flags it), and the
       curl volumeDelete with that token pasted in is blocked as production's

Each decision appears in the Bulkhead view of the activity bar. Scratch data: ${world.work}
Ctrl+C stops the server.`);
await new Promise(() => {});
