// What a service layout is: how keys under a root become service instances, and what the console may write there.

export type InstanceStatus = 'up' | 'draining';

/** The names a key carries: the service it belongs to and the instance's id within it. */
export type KeyNames = { service: string; id: string };

/** What a layout reads out of one instance key's value (and key, and lease). */
export type DecodedFields = {
  address: string;
  port?: number;
  metadata: Record<string, string>;
  weight: number;
  status: InstanceStatus;
  version?: string;
  registeredAt?: string;
  /** How the value was written, for the operator: "json", "host-port", "url", "query", "text". */
  format: string;
};

export type DecodeResult = DecodedFields | { problem: string };

export type LayoutWrites = {
  /** The console may mark an instance draining in the value (only our own JSON format has such a field). */
  drain: boolean;
  /** How an instance is deregistered: revoke its lease (every key on it goes), delete its key, or not at all. */
  deregister: 'lease' | 'key' | null;
};

export type LayoutDescriptor = {
  id: string;
  title: string;
  /** The framework file this layout follows (or "declared" for an admin's own). */
  source: string;
  kind: 'built-in' | 'declared';
  /**
   * Where the layout's keys live, relative to the console's keyspace. Empty for layouts whose keys sit under
   * names chosen by each service (gRPC naming targets, go-zero keys, rpcx base paths): detection finds those roots.
   */
  roots: string[];
  /** The key shape, for people: "/services/{service}/{id}". */
  pattern: string;
  /** The service and instance a key names; null for keys that are not this layout's instance keys. */
  match(key: string): KeyNames | null;
  /** The instance fields; `problem` says why a matching key's value is not an instance. */
  decode(key: string, value: string, lease: string | null): DecodeResult;
  /** The prefix holding every instance key of `service` (it may hold other keys too: match() decides). */
  serviceDir(service: string): string;
  /** The key of one instance, when the layout can name it (default: serviceDir + id); null when it cannot. */
  instanceKey?(service: string, id: string): string | null;
  writes: LayoutWrites;
};

export function instanceKeyOf(layout: LayoutDescriptor, service: string, id: string): string | null {
  return layout.instanceKey ? layout.instanceKey(service, id) : `${layout.serviceDir(service)}${id}`;
}

export function isProblem(result: DecodeResult): result is { problem: string } {
  return 'problem' in result;
}
