// Shared by scripts/test-host.mjs and scripts/start.mjs: a scratch code-server world (user data,
// extensions, HOME, a copy of the demo workspace), the packaged extension installed into it, and
// code-server started in its own process group on a free loopback port.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const vshost = process.env.BULKHEAD_VSHOST || '/opt/bulkhead-vshost';
export const codeServer = join(vshost, 'code-server', 'node_modules', '.bin', 'code-server');
export const node24 = join(vshost, 'node24', 'bin');

export function requireHost() {
  if (!existsSync(codeServer) || !existsSync(join(node24, 'node'))) {
    console.error(`no code-server under ${vshost}; run: bash scripts/vshost-setup.sh`);
    process.exit(2);
  }
}

export function run(cmd, args, options = {}) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', ...options });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status ?? r.signal})`);
}

/** A fresh world under a temporary directory, with a copy of `workspace` (the tests' by default). */
export function makeWorld(prefix = 'bulkhead-host-', { workspace = 'test/fixtures/workspace' } = {}) {
  const work = mkdtempSync(join(tmpdir(), prefix));
  const ws = join(work, 'ws');
  const home = join(work, 'home');
  for (const d of [join(work, 'ud', 'User'), join(work, 'exts'), home]) mkdirSync(d, { recursive: true });
  cpSync(workspace, ws, { recursive: true });
  cpSync('test/host/settings.json', join(work, 'ud', 'User', 'settings.json'));
  writeFileSync(join(work, 'config.yaml'), 'auth: none\n');
  const env = {
    ...process.env,
    PATH: `${node24}:${process.env.PATH}`,
    // Hermetic: code-server writes logs, a device id and terminals read rc files under HOME.
    HOME: home,
    XDG_DATA_HOME: join(home, '.local', 'share'),
    XDG_CONFIG_HOME: join(home, '.config'),
    XDG_CACHE_HOME: join(home, '.cache'),
    XDG_RUNTIME_DIR: '',
    // Never inherit a guard from the shell that runs this.
    BASH_ENV: '', BULKHEAD_IPC: '', BULKHEAD_TOKEN: '',
  };
  const csArgs = ['--config', join(work, 'config.yaml'), '--user-data-dir', join(work, 'ud'), '--extensions-dir', join(work, 'exts')];
  return { work, ws, home, env, csArgs };
}

/**
 * The demo's world (npm start): a copy of demo/workspace, whose stand-in railway, kubectl and
 * terraform come right after Bulkhead's shims on every terminal's PATH. The terminal's profile
 * scripts rebuild PATH; ~/.bashrc runs after them.
 */
export function makeDemoWorld(prefix = 'bulkhead-start-') {
  const world = makeWorld(prefix, { workspace: 'demo/workspace' });
  writeFileSync(join(world.home, '.bashrc'), `export PATH="\${BULKHEAD_SHIM_DIR:+\$BULKHEAD_SHIM_DIR:}${join(world.ws, 'bin')}:\$PATH"\n`);
  return world;
}

/**
 * Packages the extension as `npm run package` does (production bundles; also proves the package is
 * complete) and installs the .vsix into the world. Returns the .vsix and the folder it was installed
 * into, which is what a user runs.
 */
export function installExtension(world, { build = true } = {}) {
  const vsix = join(world.work, 'bulkhead.vsix');
  run(process.execPath, ['scripts/package.mjs', '--out', vsix, ...(build ? [] : ['--no-build'])], { stdio: ['ignore', 'ignore', 'inherit'] });
  run(codeServer, [...world.csArgs, '--install-extension', vsix], { env: world.env, stdio: ['ignore', 'ignore', 'inherit'] });
  const { publisher, name, version } = JSON.parse(readFileSync('package.json', 'utf8'));
  const dir = join(world.work, 'exts', `${publisher}.${name}-${version}`);
  if (!existsSync(join(dir, 'package.json'))) throw new Error(`the installed extension is not at ${dir}`);
  return { vsix, dir };
}

export async function freePort() {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => resolve(p)); });
  });
}

/**
 * Starts code-server in its own process group (detached = setsid) and waits for /healthz.
 * `--vscode-option enable-smoke-test-driver` lets the workbench honour the `payload` URL parameter
 * (extension tests) and exposes window.driver. Returns { url, stop }.
 */
/** Whether nothing listens on `bind`:`port` yet (anything else, such as a bad address, is thrown). */
export function portFree(bind, port) {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', (e) => (e.code === 'EADDRINUSE' ? resolve(false) : reject(e)));
    s.listen(port, bind, () => s.close(() => resolve(true)));
  });
}

export async function startServer(world, { port, bind = '127.0.0.1', smokeTestDriver = true, logToFile = true } = {}) {
  const p = port ?? await freePort();
  // Another server on the port would answer /healthz for ours: say so instead of showing its URL.
  if (!await portFree(bind, p)) throw new Error(`port ${p} on ${bind} is already in use (another server is listening there); choose another with --port`);
  const url = `http://${bind === '0.0.0.0' ? '127.0.0.1' : bind}:${p}/`;
  const logFile = join(world.work, 'code-server.log');
  const out = logToFile ? openSync(logFile, 'a') : 'inherit';
  const server = spawn(codeServer, [...world.csArgs, '--bind-addr', `${bind}:${p}`, '--auth', 'none', '--disable-telemetry',
    '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override',
    ...(smokeTestDriver ? ['--vscode-option', 'enable-smoke-test-driver'] : []), world.ws], { env: world.env, detached: true, stdio: ['ignore', out, out] });
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    try { process.kill(-server.pid, 'SIGTERM'); } catch { return; }
    const deadline = Date.now() + 4000;
    while (Date.now() < deadline) {
      try { process.kill(-server.pid, 0); } catch { return; }
      spawnSync('sleep', ['0.1']);
    }
    try { process.kill(-server.pid, 'SIGKILL'); } catch { /* gone */ }
  };
  process.on('exit', stop);
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => { stop(); process.exit(130); });
  for (let i = 0; i < 240; i++) {
    try { if ((await fetch(`${url}healthz`)).ok && server.exitCode === null) return { url, stop, pid: server.pid, logFile }; } catch { /* not yet */ }
    if (server.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  if (logToFile && existsSync(logFile)) console.error(readFileSync(logFile, 'utf8'));
  stop();
  throw new Error('code-server did not start');
}
