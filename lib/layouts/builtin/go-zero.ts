// go-zero's discov.Publisher: <key>/<lease id in decimal> = "ip:port", put on that lease (core/discov).

import type { LayoutDescriptor } from '../types';
import { splitHostPort } from '../values';

const DECIMAL = /^[1-9][0-9]{0,19}$/;

export const goZeroLayout: LayoutDescriptor = {
  id: 'go-zero',
  title: 'go-zero (discov)',
  source: 'https://github.com/zeromicro/go-zero/blob/master/core/discov/publisher.go',
  kind: 'built-in',
  roots: [],
  pattern: '{service}/{lease id}',
  match(key) {
    const slash = key.lastIndexOf('/');
    if (slash <= 0) return null;
    const id = key.slice(slash + 1);
    if (!DECIMAL.test(id)) return null;
    return { service: key.slice(0, slash), id };
  },
  decode(key, value, lease) {
    const hp = splitHostPort(value);
    if (!hp) return { problem: 'not ip:port' };
    // The publisher names the key after its lease (unless given an explicit id): say so when they differ.
    const id = key.slice(key.lastIndexOf('/') + 1);
    const metadata: Record<string, string> = lease && lease !== id ? { keyId: id } : {};
    return { ...hp, metadata, weight: 1, status: 'up', format: 'host-port' };
  },
  serviceDir: (service) => `${service}/`,
  writes: { drain: false, deregister: 'lease' },
};
