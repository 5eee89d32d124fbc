// The demo's configuration keys: written once, never over a user's edits.
import { Etcd3 } from 'etcd3';

const demoConfig = {
  '/config/demo/README':
    'Demo data written by `npm start`. Edit anything here; the demo subscribers apply it live.',
  '/config/demo/payments/settings.json': JSON.stringify(
    {
      currency: 'EUR',
      retries: 3,
      timeoutMs: 2500,
      providers: ['stripe', 'adyen'],
      featureFlags: { instantRefunds: true },
    },
    null,
    2,
  ),
  '/config/demo/payments/limits.yaml': 'daily:\n  eur: 10000\n  usd: 12000\nperTransaction:\n  eur: 2500\n',
  '/config/demo/search/engine.toml':
    '[engine]\nreplicas = 3\nshards = 12\n\n[ranking]\nfreshness = 0.4\npopularity = 0.6\n',
  '/config/demo/search/banner.txt': 'Search is running on the new ranking model.',
  '/config/demo/feature-flags/new-checkout': 'true',
};

/** @param {string[]} endpoints @param {string} prefix */
export async function seedDemoConfig(endpoints, prefix = '') {
  const client = new Etcd3({ hosts: endpoints });
  const kv = prefix ? client.namespace(prefix) : client;
  try {
    let written = 0;
    for (const [key, value] of Object.entries(demoConfig)) {
      const result = await kv.if(key, 'Create', '==', 0).then(kv.put(key).value(value)).commit();
      if (result.succeeded) written++;
    }
    return written;
  } finally {
    client.close();
  }
}
