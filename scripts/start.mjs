#!/usr/bin/env node
// `npm start`: VS Code in your browser (code-server) with Bulkhead installed, on a copy of the demo
// workspace (test/fixtures/workspace). Builds and packages first; stops with Ctrl+C.
//   node scripts/start.mjs [--port 8080] [--host 0.0.0.0]
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { installExtension, makeWorld, requireHost, startServer } from './vshost-lib.mjs';

process.chdir(resolve(dirname(fileURLToPath(import.meta.url)), '..'));
const args = process.argv.slice(2);
const opt = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
requireHost();
const world = makeWorld('bulkhead-start-');
installExtension(world);
const server = await startServer(world, { port: opt('--port') ? Number(opt('--port')) : 8080, bind: opt('--host') ?? '127.0.0.1', smokeTestDriver: false });
console.log(`\nBulkhead is running in VS Code at ${server.url}?folder=${encodeURIComponent(world.ws)}`);
console.log('The demo workspace has a .bulkhead.yaml (staging, production, local). Try, in a terminal:');
console.log('  kubectl --context prod-eu-1 delete namespace shop');
console.log(`Scratch data: ${world.work}. Ctrl+C stops the server.`);
await new Promise(() => {});
