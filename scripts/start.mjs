// `npm start`: everything a new user needs — dependencies, a local etcd, a build, the console and a living demo.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ensureBuild, ensureEtcd, ensureNodeModules, projectRoot, say } from './lib/ensure.mjs';

const args = new Set(process.argv.slice(2));

async function main() {
  ensureNodeModules();
  const checked = spawnSync(
    process.execPath,
    ['--import', 'tsx', path.join(import.meta.dirname, 'check-config.ts')],
    // The console listens on HOST (loopback by default); without login it may only be loopback.
    { stdio: 'inherit', env: { ...process.env, CONSOLE_HOST: process.env.HOST ?? '127.0.0.1' } },
  );
  if (checked.status !== 0) process.exit(1);
  // Imported after the install: they need node_modules.
  const { startEtcd } = await import('./lib/etcd-server.mjs');
  const { isPortFree } = await import('./lib/free-port.mjs');
  const { startConsole } = await import('./lib/console-server.mjs');
  const { startDemo } = await import('./demo/run.mjs');

  const external = Boolean(process.env.ETCD_ENDPOINTS);
  /** @type {Array<() => Promise<void>>} */
  const stoppers = [];
  let stopping = false;
  const stopAll = async (code = 0) => {
    if (stopping) return;
    stopping = true;
    say('stopping…');
    for (const stop of stoppers.reverse()) await stop().catch(() => {});
    process.exit(code);
  };
  process.on('SIGINT', () => void stopAll(0));
  process.on('SIGTERM', () => void stopAll(0));

  let endpoints;
  if (external) {
    endpoints = /** @type {string} */ (process.env.ETCD_ENDPOINTS);
    say(`using the etcd cluster at ${endpoints}`);
  } else {
    const bin = ensureEtcd();
    process.env.ETCD_BIN = bin;
    const dir = path.join(projectRoot, '.data', 'etcd');
    const portsFile = path.join(dir, 'ports.json');
    fs.mkdirSync(dir, { recursive: true });
    // Reuse last time's client port when free, so bookmarks and etcdctl commands keep working.
    const saved = fs.existsSync(portsFile) ? JSON.parse(fs.readFileSync(portsFile, 'utf8')) : null;
    const clientPorts = saved && (await isPortFree(saved.client)) ? [saved.client] : undefined;
    const cluster = await startEtcd({ dir, clientPorts });
    stoppers.push(() => cluster.stop());
    fs.writeFileSync(portsFile, JSON.stringify({ client: Number(new URL(cluster.endpoints[0]).port) }));
    endpoints = cluster.endpoints.join(',');
    say(`local etcd running at ${endpoints} (data in .data/etcd, log in .data/etcd/m1.log)`);
    say(`try: ETCDCTL_API=3 etcdctl --endpoints=${endpoints} put /config/demo/hello world`);
  }
  process.env.ETCD_ENDPOINTS = endpoints;

  ensureBuild();
  const port = Number(process.env.PORT ?? 3000);
  const host = process.env.HOST ?? '127.0.0.1';
  const server = await startConsole({ port, host, env: { ETCD_ENDPOINTS: endpoints } });
  stoppers.push(() => server.stop());
  server.child.once('exit', (code) => {
    if (!stopping) {
      say(`the console exited (code ${code})`);
      void stopAll(code ?? 1);
    }
  });

  if ((!external && !args.has('--no-demo')) || args.has('--demo')) {
    const demo = await startDemo(endpoints.split(','), process.env.ETCD_PREFIX ?? '');
    stoppers.push(demo.stop);
  }
  say(`console ready: ${server.url}   (Ctrl-C stops everything)`);
}

main().catch((error) => {
  process.stderr.write(`[etcd-console] ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
