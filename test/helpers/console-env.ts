// Points the in-process console modules (lib/etcd/client.ts) at a test etcd, and forgets the cached client.
type Held = { client: { close: () => void } };

export function useConsoleEtcd(endpoints: string[], extra: Record<string, string> = {}): void {
  resetConsoleClient();
  process.env.ETCD_ENDPOINTS = endpoints.join(',');
  process.env.ETCD_CALL_TIMEOUT_MS = '2000';
  Object.assign(process.env, extra);
}

export function resetConsoleClient(): void {
  const holder = globalThis as { __etcdConsole?: Held };
  holder.__etcdConsole?.client.close();
  delete holder.__etcdConsole;
}

export function routeContext(params: Record<string, string> = {}) {
  return { params: Promise.resolve(params) };
}
