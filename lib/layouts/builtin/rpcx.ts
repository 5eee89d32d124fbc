// rpcx's etcd v3 register plugin: <base>/<Service>/<network>@<ip:port> = the service's metadata as a query string.

import type { LayoutDescriptor } from '../types';
import { numberField, splitHostPort } from '../values';

const NODE = /^([a-z0-9+]+)@(.+)$/;

export const rpcxLayout: LayoutDescriptor = {
  id: 'rpcx',
  title: 'rpcx',
  source: 'https://github.com/rpcxio/rpcx-etcd/blob/master/serverplugin/etcdv3.go',
  kind: 'built-in',
  roots: [],
  pattern: '{base}/{Service}/{network}@{ip:port}',
  // The service is named with its base path ("/rpcx_test/Arith"): two bases may hold the same service name.
  match(key) {
    const slash = key.lastIndexOf('/');
    if (slash <= 0) return null;
    const id = key.slice(slash + 1);
    const service = key.slice(0, slash);
    const inner = service.lastIndexOf('/');
    if (
      !NODE.test(id) ||
      inner < 0 ||
      inner === service.length - 1 ||
      service.slice(0, inner).replace(/\//g, '') === ''
    ) {
      return null;
    }
    return { service, id };
  },
  decode(key, value) {
    const node = NODE.exec(key.slice(key.lastIndexOf('/') + 1));
    const hp = node ? splitHostPort(node[2]!) : null;
    if (!node || !hp) return { problem: 'the key does not end in network@ip:port' };
    if (/[\s{}]/.test(value.trim())) return { problem: 'the value is not a URL query string' };
    const metadata: Record<string, string> = {
      network: node[1]!,
      ...Object.fromEntries(new URLSearchParams(value)),
    };
    const weight = numberField(metadata.weight);
    return {
      ...hp,
      metadata,
      weight: weight !== undefined && weight >= 0 ? weight : 1,
      // rpcx marks a server it has deactivated with state=inactive; clients skip it.
      status: metadata.state === 'inactive' ? 'draining' : 'up',
      format: 'query',
    };
  },
  serviceDir: (service) => `${service}/`,
  writes: { drain: false, deregister: 'lease' },
};
