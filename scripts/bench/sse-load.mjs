// The client side of one SSE measurement, in a process of its own so that no measurement inherits another's heap,
// sockets or timers (measured in one process, whichever server went second was penalised: broadcaster first 449 ms
// then console 2,224 ms p99; console first 1,080 ms then broadcaster 791 ms).
// Forked by sse.mjs with IPC; steps: open the clients → "connected" → wait for "go" → put at the sustained rate and
// wait for every delivery → "done" with the latency summary → wait for "close" → close and exit.
import { Etcd3 } from 'etcd3';
import { openClients } from './lib/sse-clients.mjs';
import { round, summarize } from './lib/stats.mjs';

/** @type {{ url: string, endpoints: string[], prefix: string, count: number, rate: number, seconds: number, label: string }} */
const job = JSON.parse(/** @type {string} */ (process.argv[2]));
const send = (/** @type {object} */ message) =>
  /** @type {NonNullable<typeof process.send>} */ (process.send)(message);
const next = (/** @type {string} */ type) =>
  new Promise((resolve) => {
    const on = (/** @type {{ type: string }} */ m) => {
      if (m.type !== type) return;
      process.off('message', on);
      resolve(undefined);
    };
    process.on('message', on);
  });

const puts = Math.round(job.rate * job.seconds);
const intervalMs = 1000 / job.rate;
/** @type {Map<string, number>} */
const sentAt = new Map();
/** @type {number[]} */
const latencies = [];
const lastSeen = new Int32Array(job.count).fill(-1);
let outOfOrder = 0;
const run = `${job.label}-${job.count}-${Date.now()}`;
const onValue = (/** @type {string} */ value, /** @type {number} */ client) => {
  const at = performance.now();
  const sent = sentAt.get(value);
  if (sent === undefined) return;
  latencies.push(at - sent);
  const seq = Number(value.slice(value.lastIndexOf(':') + 1));
  if (seq !== (lastSeen[client] ?? -1) + 1) outOfOrder += 1;
  lastSeen[client] = seq;
};

const etcd = new Etcd3({ hosts: job.endpoints });
const t0 = performance.now();
const clients = await openClients(
  `${job.url}/api/v1/watch?prefix=${encodeURIComponent(job.prefix)}`,
  job.count,
  onValue,
);
const connectSeconds = (performance.now() - t0) / 1000;
await new Promise((r) => setTimeout(r, 1000));
send({ type: 'connected', connectSeconds: round(connectSeconds, 1) });
await next('go');

const w0 = performance.now();
let behind = 0;
for (let i = 0; i < puts; i++) {
  const wait = w0 + i * intervalMs - performance.now();
  if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  else if (wait < -intervalMs) behind += 1;
  const value = `${run}:${i}`;
  sentAt.set(value, performance.now());
  await etcd.put(`${job.prefix}k${i % 10}`).value(value);
}
const achievedRate = puts / ((performance.now() - w0) / 1000);
// Every client should see every put; wait for the stragglers.
const expected = job.count * puts;
const deadline = Date.now() + 30_000;
while (latencies.length < expected && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
send({
  type: 'done',
  ...summarize(latencies),
  expected,
  puts,
  outOfOrder,
  achievedRate: round(achievedRate, 1),
  putsBehindSchedule: behind,
  connectSeconds: round(connectSeconds, 1),
});
await next('close');
for (const c of clients) c.close();
etcd.close();
process.exit(0);
