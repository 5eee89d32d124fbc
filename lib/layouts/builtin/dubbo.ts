// Dubbo / dubbo-go on etcd: /dubbo/<interface>/providers/<URL-escaped dubbo://host:port/interface?params>.

import type { LayoutDescriptor } from '../types';
import { numberField, parseEndpointUrl } from '../values';

const ROOT = '/dubbo/';

export const dubboLayout: LayoutDescriptor = {
  id: 'dubbo',
  title: 'Dubbo / dubbo-go',
  source: 'https://github.com/apache/dubbo-go/blob/main/registry/etcdv3/registry.go',
  kind: 'built-in',
  roots: [ROOT],
  pattern: '/dubbo/{interface}/providers/{url}',
  match(key) {
    if (!key.startsWith(ROOT)) return null;
    const [service, category, id, ...rest] = key.slice(ROOT.length).split('/');
    if (!service || category !== 'providers' || !id || rest.length > 0) return null;
    return { service, id };
  },
  // Everything is in the key; the value (empty, or the URL again) is not needed.
  decode(key) {
    let raw: string;
    try {
      raw = decodeURIComponent(key.slice(key.lastIndexOf('/') + 1));
    } catch {
      return { problem: 'the key is not a URL-escaped provider URL' };
    }
    const url = parseEndpointUrl(raw);
    if (!url) return { problem: 'the key is not a URL-escaped provider URL' };
    const weight = numberField(url.query.weight);
    return {
      address: url.address,
      ...(url.port === undefined ? {} : { port: url.port }),
      metadata: { protocol: url.scheme, ...url.query },
      weight: weight !== undefined && weight >= 0 ? weight : 100,
      status: url.query.enabled === 'false' || url.query.disabled === 'true' ? 'draining' : 'up',
      ...(url.query.version ? { version: url.query.version } : {}),
      format: 'url',
    };
  },
  serviceDir: (service) => `${ROOT}${service}/providers/`,
  writes: { drain: false, deregister: 'lease' },
};
