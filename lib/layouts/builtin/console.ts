// Our own registry: /services/<service>/<id>, a JSON instance document or a bare host:port (lib/sdk/registry).
import { parseInstanceValue, SERVICES_ROOT, serviceDir, splitInstanceKey } from '@etcd-console/core/registry';
import type { LayoutDescriptor } from '../types';

export const consoleLayout: LayoutDescriptor = {
  id: 'console',
  title: 'etcd console registry',
  source: 'lib/sdk/registry/keys.ts',
  kind: 'built-in',
  roots: [SERVICES_ROOT],
  pattern: '/services/{service}/{id}',
  match: splitInstanceKey,
  decode(_key, value) {
    const parsed = parseInstanceValue(value);
    if ('problem' in parsed) return parsed;
    const v = parsed.value;
    return {
      address: v.address,
      ...(v.port === undefined ? {} : { port: v.port }),
      metadata: v.metadata,
      weight: v.weight,
      status: v.status,
      ...(v.version === undefined ? {} : { version: v.version }),
      ...(v.registeredAt === undefined ? {} : { registeredAt: v.registeredAt }),
      format: parsed.format,
    };
  },
  serviceDir,
  writes: { drain: true, deregister: 'lease' },
};
