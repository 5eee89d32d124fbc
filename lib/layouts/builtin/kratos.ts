// Kratos' etcd registry: /microservices/<name>/<id> = JSON ServiceInstance, put on a lease (contrib/registry/etcd).

import type { LayoutDescriptor } from '../types';
import { parseEndpointUrl, parseJsonObject, stringMap } from '../values';

const ROOT = '/microservices/';

export const kratosLayout: LayoutDescriptor = {
  id: 'kratos',
  title: 'Kratos',
  source: 'https://github.com/go-kratos/kratos/blob/main/contrib/registry/etcd/registry.go',
  kind: 'built-in',
  roots: [ROOT],
  pattern: '/microservices/{name}/{id}',
  match(key) {
    if (!key.startsWith(ROOT)) return null;
    const [service, id, ...rest] = key.slice(ROOT.length).split('/');
    if (!service || !id || rest.length > 0) return null;
    return { service, id };
  },
  decode(_key, value) {
    const doc = parseJsonObject(value);
    const endpoints = Array.isArray(doc?.endpoints) ? doc.endpoints.filter((e) => typeof e === 'string') : [];
    if (!doc || endpoints.length === 0) return { problem: 'not a Kratos ServiceInstance with endpoints' };
    // The first endpoint is the address; every endpoint is kept in the metadata.
    const first = parseEndpointUrl(endpoints[0]!);
    if (!first) return { problem: `endpoint ${endpoints[0]} is not a URL` };
    return {
      address: first.address,
      ...(first.port === undefined ? {} : { port: first.port }),
      metadata: { ...stringMap(doc.metadata), endpoints: endpoints.join(' ') },
      weight: 1,
      status: 'up',
      ...(typeof doc.version === 'string' && doc.version ? { version: doc.version } : {}),
      format: 'json',
    };
  },
  serviceDir: (service) => `${ROOT}${service}/`,
  writes: { drain: false, deregister: 'lease' },
};
