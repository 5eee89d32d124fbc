// The foreign part of the demo: instances registered as gRPC naming, go-zero, Kratos, go-micro, rpcx, Dubbo and
// CoreDNS register them, each its own process on its own lease, one of them going away now and then (cleanly or by a
// crash) and coming back; and two real `etcdctl elect` candidates on `demo-scheduler`, the leader stepping down
// now and then so the other takes over. Run with `node scripts/demo/foreign.mjs` (started by scripts/demo/run.mjs).
import { spawn } from 'node:child_process';
import path from 'node:path';

// DEMO_RESTART_MS shortens the pauses (for trying the demo out).
const restartEvery = Number(process.env.DEMO_RESTART_MS) || 0;
/** @type {[number, number]} */
const AWAY_EVERY_MS = restartEvery > 0 ? [restartEvery, restartEvery + 1] : [20_000, 40_000];
/** @type {[number, number]} */
const DOWN_FOR_MS = [8_000, 15_000];
/** @type {[number, number]} */
const HANDOVER_EVERY_MS = restartEvery > 0 ? [2 * restartEvery, 2 * restartEvery + 1] : [60_000, 90_000];
const ELECTION = 'demo-scheduler';
const CANDIDATES = ['scheduler-a', 'scheduler-b'];

/** @typedef {{ name: string, args: string[] }} Spec */
/** Layout, service, host, port (0 = any free one), lease TTL, id. @type {Spec[]} */
const fleet = [
  ['grpc-naming', 'demo/greeter', '127.0.0.1', '0', '10'],
  ['grpc-naming', 'demo/greeter', '127.0.0.1', '0', '10'],
  ['go-zero', 'user.rpc', '127.0.0.1', '0', '10'],
  ['go-zero', 'user.rpc', '127.0.0.1', '0', '10'],
  ['kratos', 'helloworld', '127.0.0.1', '0', '15', 'helloworld-1'],
  ['kratos', 'helloworld', '127.0.0.1', '0', '15', 'helloworld-2'],
  ['go-micro', 'greeter', '127.0.0.1', '0', '30', 'a1b2c3'],
  ['rpcx', 'Arith', '127.0.0.1', '0', '30'],
  ['dubbo', 'org.apache.dubbo.sample.UserProvider', '127.0.0.1', '0', '30'],
  ['coredns', 'users', '127.0.0.1', '0', '30', 'x1'],
].map((args, i) => ({ name: `${args[0]}#${i + 1}`, args }));

/** @param {number} ms */
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
/** @param {[number, number]} range */
const between = ([low, high]) => low + Math.floor(Math.random() * (high - low));
/** @param {string} line */
const say = (line) => process.stdout.write(`[foreign] ${line}\n`);

/** @type {Map<string, import('node:child_process').ChildProcess>} */
const children = new Map();
let stopping = false;

/** Starts a process under `name`; one that dies on its own comes back after a pause. @param {string} name @param {() => import('node:child_process').ChildProcess} start */
function keep(name, start) {
  const child = start();
  children.set(name, child);
  let failed = false;
  // A missing binary (no etcdctl on PATH) is said once and not retried.
  child.once('error', (error) => {
    failed = true;
    say(`${name}: ${error.message}`);
  });
  child.once('exit', () => {
    if (children.get(name) !== child || stopping || failed) return;
    children.delete(name);
    setTimeout(() => !stopping && !children.has(name) && keep(name, start), 3000);
  });
  return child;
}

/** @param {Spec} spec */
function startInstance(spec) {
  // Plain node, no tsx: ten of these run for as long as the console does. stdin closing means the supervisor died.
  const file = path.join(import.meta.dirname, 'foreign-instance.mjs');
  return keep(spec.name, () =>
    spawn(process.execPath, [file, ...spec.args], {
      env: process.env,
      stdio: ['pipe', 'inherit', 'inherit'],
    }),
  );
}

/** @param {string} proposal */
function startCandidate(proposal) {
  const endpoints = process.env.ETCD_ENDPOINTS ?? 'http://127.0.0.1:2379';
  const user = process.env.ETCD_USERNAME;
  const env = {
    ...process.env,
    ETCDCTL_API: '3',
    ...(user ? { ETCDCTL_USER: `${user}:${process.env.ETCD_PASSWORD ?? ''}` } : {}),
    // etcdctl takes its TLS flags from ETCDCTL_* variables too.
    ...(process.env.ETCD_CA_FILE ? { ETCDCTL_CACERT: process.env.ETCD_CA_FILE } : {}),
    ...(process.env.ETCD_CERT_FILE ? { ETCDCTL_CERT: process.env.ETCD_CERT_FILE } : {}),
    ...(process.env.ETCD_KEY_FILE ? { ETCDCTL_KEY: process.env.ETCD_KEY_FILE } : {}),
  };
  return keep(proposal, () => {
    const child = spawn('etcdctl', [`--endpoints=${endpoints}`, 'elect', ELECTION, proposal], {
      env,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    // etcdctl prints the election key and the proposal once it is elected.
    child.stdout?.once('data', () => say(`${proposal} leads ${ELECTION} (etcdctl pid ${child.pid})`));
    child.stdout?.resume();
    return child;
  });
}

/** @param {import('node:child_process').ChildProcess} child @param {NodeJS.Signals} signal */
function stopChild(child, signal) {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve(undefined);
    child.once('exit', () => resolve(undefined));
    child.kill(signal);
    setTimeout(() => child.kill('SIGKILL'), 4000).unref();
  });
}

/** Every 20–40 s one instance goes away, alternately cleanly (SIGTERM) and by a crash (SIGKILL), and returns. */
async function comeAndGo() {
  let graceful = true;
  while (!stopping) {
    await sleep(between(AWAY_EVERY_MS));
    const spec = fleet[Math.floor(Math.random() * fleet.length)];
    const child = spec && children.get(spec.name);
    if (stopping || !spec || !child) continue;
    children.delete(spec.name);
    say(`${spec.name} ${spec.args[1]} goes away (${graceful ? 'stopped' : 'crashed'})`);
    await stopChild(child, graceful ? 'SIGTERM' : 'SIGKILL');
    graceful = !graceful;
    await sleep(between(DOWN_FOR_MS));
    if (!stopping) startInstance(spec);
  }
}

/** Now and then the elected candidate resigns (SIGTERM: etcdctl resigns), the other takes over, it rejoins. */
async function handOver() {
  while (!stopping) {
    await sleep(between(HANDOVER_EVERY_MS));
    const leader = CANDIDATES.find((c) => children.get(c)?.stdout?.readableDidRead);
    const child = leader && children.get(leader);
    if (stopping || !leader || !child) continue;
    children.delete(leader);
    say(`${leader} resigns ${ELECTION}`);
    await stopChild(child, 'SIGTERM');
    await sleep(5000);
    if (!stopping) startCandidate(leader);
  }
}

const shutdown = async () => {
  stopping = true;
  await Promise.all([...children.values()].map((child) => stopChild(child, 'SIGTERM')));
  process.exit(0);
};
process.once('SIGTERM', shutdown);
process.once('SIGINT', shutdown);

// Staggered, so ten Node start-ups do not compete with the console's own.
for (const spec of [...fleet, ...CANDIDATES]) {
  if (stopping) break;
  if (typeof spec === 'string') startCandidate(spec);
  else startInstance(spec);
  await sleep(500);
}
say(
  `started ${fleet.length} foreign instances and ${CANDIDATES.length} etcdctl elect candidates on ${ELECTION}`,
);
await Promise.all([comeAndGo(), handOver()]);
