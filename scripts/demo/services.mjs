// Demo services: a few services with several instances each, every instance its own process that serves HTTP and
// registers through the registry SDK; one instance restarts now and then (drain + SIGTERM, or a crash by SIGKILL).
// Run with `node --import tsx scripts/demo/services.mjs`; `--instance <service> <id> <weight>` is one instance.
import { spawn } from 'node:child_process';
import http from 'node:http';
import { createBalancer, registerInstance } from '@etcd-console/sdk/registry';

const TTL = 5;
// DEMO_RESTART_MS shortens the pause between restarts (for trying the demo out).
const restartEvery = Number(process.env.DEMO_RESTART_MS) || 0;
/** @type {[number, number]} */
const RESTART_EVERY_MS = restartEvery > 0 ? [restartEvery, restartEvery + 1] : [40_000, 70_000];
const DOWN_FOR_MS = 6_000;

/** @type {Array<{ service: string, id: string, weight: number, version: string, zone: string }>} */
const fleet = [
  { service: 'api', id: 'api-1', weight: 1, version: '2.4.0', zone: 'eu-west-1a' },
  { service: 'api', id: 'api-2', weight: 1, version: '2.4.0', zone: 'eu-west-1b' },
  { service: 'api', id: 'api-3', weight: 2, version: '2.5.0-rc1', zone: 'eu-west-1c' },
  { service: 'payments', id: 'payments-1', weight: 1, version: '1.9.3', zone: 'eu-west-1a' },
  { service: 'payments', id: 'payments-2', weight: 1, version: '1.9.3', zone: 'eu-west-1b' },
  { service: 'search', id: 'search-1', weight: 3, version: '0.12.1', zone: 'eu-west-1a' },
  { service: 'search', id: 'search-2', weight: 1, version: '0.12.1', zone: 'eu-west-1b' },
  { service: 'search', id: 'search-3', weight: 1, version: '0.12.1', zone: 'eu-west-1c' },
  { service: 'gateway', id: 'gateway-1', weight: 1, version: '3.0.0', zone: 'eu-west-1a' },
];
const restarting = 'payments-2';

/** @param {number} ms */
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
/** @param {[number, number]} range */
const between = ([low, high]) => low + Math.floor(Math.random() * (high - low));

// ---- one instance -------------------------------------------------------------------------------------------

/** @param {string} service @param {string} id @param {number} weight */
async function runInstance(service, id, weight) {
  const spec = fleet.find((f) => f.id === id);
  const server = http.createServer((_req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ service, id, pid: process.pid }));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
  const address = /** @type {import('node:net').AddressInfo} */ (server.address());
  const instance = await registerInstance({
    service,
    id,
    address: '127.0.0.1',
    port: address.port,
    weight,
    ttl: TTL,
    version: spec?.version,
    metadata: { zone: spec?.zone ?? 'local', pid: String(process.pid), demo: 'true' },
    handleSignals: false,
  });
  const balancer = service === 'gateway' ? await startGatewayTraffic() : null;
  // Graceful stop: drain, let in-flight work finish, deregister, exit.
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await instance.setStatus('draining').catch(() => {});
    await sleep(2000);
    await balancer?.close();
    await instance.close();
    server.close();
    process.exit(0);
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

/** The gateway spreads a request a second over the api instances, the way a real caller would. */
async function startGatewayTraffic() {
  const balancer = await createBalancer('api', { strategy: 'weighted' });
  const timer = setInterval(() => {
    const target = balancer.pick();
    if (!target) return;
    fetch(`http://${target.address}:${target.port}/`, { signal: AbortSignal.timeout(1000) }).catch(() => {});
  }, 1000);
  return {
    close: async () => {
      clearInterval(timer);
      await balancer.close();
    },
  };
}

// ---- the supervisor -----------------------------------------------------------------------------------------

/** @type {Map<string, import('node:child_process').ChildProcess>} */
const children = new Map();
let stopping = false;

/** @param {(typeof fleet)[number]} spec */
function startChild(spec) {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', import.meta.filename, '--instance', spec.service, spec.id, String(spec.weight)],
    { env: process.env, stdio: ['ignore', 'ignore', 'inherit'] },
  );
  children.set(spec.id, child);
  child.once('exit', () => {
    if (children.get(spec.id) !== child || stopping) return;
    children.delete(spec.id);
    // An instance that died on its own (etcd not up yet, say) comes back after a pause.
    setTimeout(() => !stopping && !children.has(spec.id) && startChild(spec), 3000);
  });
}

/** @param {import('node:child_process').ChildProcess} child @param {NodeJS.Signals} signal */
function stopChild(child, signal) {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve(undefined);
    child.once('exit', () => resolve(undefined));
    child.kill(signal);
    setTimeout(() => child.kill('SIGKILL'), 8000).unref();
  });
}

/** Every minute or so the restarting instance goes away (gracefully, or by a crash) and comes back. */
async function restartNowAndThen() {
  const spec = fleet.find((f) => f.id === restarting);
  if (!spec) return;
  let graceful = true;
  while (!stopping) {
    await sleep(between(RESTART_EVERY_MS));
    const child = children.get(spec.id);
    if (stopping || !child) continue;
    children.delete(spec.id);
    await stopChild(child, graceful ? 'SIGTERM' : 'SIGKILL');
    graceful = !graceful;
    await sleep(DOWN_FOR_MS);
    if (!stopping) startChild(spec);
  }
}

async function supervise() {
  for (const spec of fleet) startChild(spec);
  const shutdown = async () => {
    stopping = true;
    await Promise.all([...children.values()].map((child) => stopChild(child, 'SIGTERM')));
    process.exit(0);
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
  await restartNowAndThen();
}

const args = process.argv.slice(2);
if (args[0] === '--instance') {
  await runInstance(args[1] ?? 'demo', args[2] ?? 'demo-1', Number(args[3] ?? 1));
} else {
  await supervise();
}
