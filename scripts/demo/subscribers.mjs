// Demo config subscribers: a few apps following their part of /config/demo/, printing every change they apply.
// Edit a key under /config/demo/ (console or etcdctl) and each covering app applies it within a second; the
// Subscribers API shows their acknowledgements. Run with `node --import tsx scripts/demo/subscribers.mjs`.
import { connectEtcd } from '@etcd-console/core/etcd';
import { subscribeConfig } from '@etcd-console/sdk/config';

/** @type {Array<{ app: string, instanceId: string, prefix: string, parse: 'auto' | 'json' | 'text' }>} */
const apps = [
  { app: 'payments', instanceId: 'payments-1', prefix: '/config/demo/payments/', parse: 'auto' },
  { app: 'search', instanceId: 'search-1', prefix: '/config/demo/search/', parse: 'auto' },
  { app: 'search', instanceId: 'search-2', prefix: '/config/demo/search/', parse: 'auto' },
  { app: 'storefront', instanceId: 'storefront-1', prefix: '/config/demo/feature-flags/', parse: 'json' },
];

const endpoints = (process.env.ETCD_ENDPOINTS ?? 'http://127.0.0.1:2379').split(',').map((s) => s.trim());
const client = connectEtcd({ endpoints });
const connection = { client, prefix: process.env.ETCD_PREFIX ?? '' };

/** @param {string} who @param {string} line */
const say = (who, line) => process.stdout.write(`[config ${who}] ${line}\n`);

/** @param {unknown} value */
function show(value) {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  const flat = (text ?? 'undefined').replace(/\s+/g, ' ');
  return flat.length > 100 ? `${flat.slice(0, 97)}...` : flat;
}

/** @param {(typeof apps)[number]} spec */
async function follow(spec) {
  const who = `${spec.app}/${spec.instanceId}`;
  let loaded = false;
  for (;;) {
    try {
      return await subscribeConfig({
        ...spec,
        connection,
        leaseTtlSeconds: 5,
        onChange: (snapshot, info) => {
          const what = info.resync ? 'reloaded' : loaded ? 'applied' : 'loaded';
          loaded = true;
          say(
            who,
            `${what} revision ${info.revision} (${snapshot.size} key${snapshot.size === 1 ? '' : 's'})`,
          );
          for (const key of info.changedKeys) {
            say(who, snapshot.has(key) ? `  ${key} = ${show(snapshot.get(key))}` : `  ${key} removed`);
          }
        },
        onError: (error) => say(who, `${error.kind} error: ${error.message}`),
      });
    } catch (error) {
      say(who, `cannot subscribe yet (${error instanceof Error ? error.message : String(error)}); retrying`);
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
}

const subscriptions = await Promise.all(apps.map(follow));

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  await Promise.all(subscriptions.map((s) => s.close()));
  client.close();
  process.exit(0);
}
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
