// Points the in-process console modules (lib/etcd/client.ts) at a test etcd, and forgets the cached client.
import { gateHeaders, setUngatedTestPeer } from './gate';

export { gateHeaders };

// In-process handler calls carry no front-door headers: count them as the local caller (test/helpers/gate.ts).
setUngatedTestPeer('127.0.0.1');

type Held = { client: { close: () => void } };

export function useConsoleEtcd(endpoints: string[], extra: Record<string, string> = {}): void {
  resetConsoleClient();
  process.env.ETCD_ENDPOINTS = endpoints.join(',');
  process.env.ETCD_CALL_TIMEOUT_MS = '2000';
  Object.assign(process.env, extra);
}

export function resetConsoleClient(): void {
  const holder = globalThis as {
    __etcdClusters?: Map<string, Held>;
    __etcdUsers?: Map<string, Held>;
    __clusterProfiles?: unknown;
  };
  for (const h of holder.__etcdClusters?.values() ?? []) h.client.close();
  for (const h of holder.__etcdUsers?.values() ?? []) h.client.close();
  delete holder.__etcdClusters;
  delete holder.__etcdUsers;
  delete holder.__clusterProfiles;
}

export function routeContext(params: Record<string, string> = {}) {
  return { params: Promise.resolve(params) };
}
