// go-micro's etcd registry: /micro/registry/<service>/<node id> = JSON registry.Service holding that one node.

import type { LayoutDescriptor } from '../types';
import { parseJsonObject, splitHostPort, stringMap } from '../values';

const ROOT = '/micro/registry/';

export const goMicroLayout: LayoutDescriptor = {
  id: 'go-micro',
  title: 'go-micro',
  source: 'https://github.com/go-micro/plugins/blob/main/v4/registry/etcd/etcd.go',
  kind: 'built-in',
  roots: [ROOT],
  pattern: '/micro/registry/{service}/{node id}',
  match(key) {
    if (!key.startsWith(ROOT)) return null;
    const [service, id, ...rest] = key.slice(ROOT.length).split('/');
    if (!service || !id || rest.length > 0) return null;
    return { service, id };
  },
  decode(key, value) {
    const doc = parseJsonObject(value);
    const nodes = Array.isArray(doc?.nodes) ? (doc.nodes as unknown[]) : [];
    const id = key.slice(key.lastIndexOf('/') + 1);
    const node = (nodes.find((n) => (n as { id?: unknown })?.id === id) ?? nodes[0]) as
      | { address?: unknown; metadata?: unknown }
      | undefined;
    if (!doc || !node || typeof node.address !== 'string') {
      return { problem: 'not a go-micro registry.Service with a node' };
    }
    const hp = splitHostPort(node.address);
    return {
      address: hp?.address ?? node.address,
      ...(hp ? { port: hp.port } : {}),
      metadata: stringMap(node.metadata),
      weight: 1,
      status: 'up',
      ...(typeof doc.version === 'string' && doc.version ? { version: doc.version } : {}),
      format: 'json',
    };
  },
  serviceDir: (service) => `${ROOT}${service}/`,
  writes: { drain: false, deregister: 'lease' },
};
