// etcd's own gRPC naming: endpoints.Manager puts <target>/<addr> = JSON {"Op":0,"Addr":"…","Metadata":…}.

import type { LayoutDescriptor } from '../types';
import { parseJsonObject, splitHostPort, stringMap } from '../values';

export const grpcNamingLayout: LayoutDescriptor = {
  id: 'grpc-naming',
  title: 'etcd gRPC naming (endpoints.Manager)',
  source: 'https://github.com/etcd-io/etcd/blob/main/client/v3/naming/endpoints/endpoints_impl.go',
  kind: 'built-in',
  roots: [],
  pattern: '{target}/{addr}',
  // The target may itself hold slashes ("foo/bar/svc"): the instance is the last segment.
  match(key) {
    const slash = key.lastIndexOf('/');
    if (slash <= 0 || slash === key.length - 1) return null;
    const service = key.slice(0, slash);
    if (service === '/') return null;
    return { service, id: key.slice(slash + 1) };
  },
  decode(_key, value) {
    const doc = parseJsonObject(value);
    if (!doc || typeof doc.Addr !== 'string' || doc.Addr === '')
      return { problem: 'not an endpoints.Update JSON document' };
    // Op 0 is Add; a stored Delete (1) is not an endpoint.
    if (doc.Op !== undefined && doc.Op !== 0) return { problem: `Op ${String(doc.Op)} is not Add` };
    const hp = splitHostPort(doc.Addr);
    const metadata =
      doc.Metadata && typeof doc.Metadata === 'object'
        ? stringMap(doc.Metadata)
        : doc.Metadata === undefined || doc.Metadata === null
          ? {}
          : { metadata: String(doc.Metadata) };
    return {
      address: hp?.address ?? doc.Addr,
      ...(hp ? { port: hp.port } : {}),
      metadata,
      weight: 1,
      status: 'up',
      format: 'json',
    };
  },
  serviceDir: (service) => `${service}/`,
  writes: { drain: false, deregister: 'lease' },
};
