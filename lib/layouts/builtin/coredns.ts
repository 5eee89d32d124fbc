// CoreDNS's etcd plugin (SkyDNS layout): /skydns/<reversed domain>/<label> = JSON msg.Service {host, port, …}.

import type { LayoutDescriptor } from '../types';
import { numberField, parseJsonObject } from '../values';

const ROOT = '/skydns/';

/** "local/skydns" → "skydns.local". */
function domainOf(path: string[]): string {
  return [...path].reverse().join('.');
}

export const corednsLayout: LayoutDescriptor = {
  id: 'coredns',
  title: 'CoreDNS (SkyDNS records)',
  source: 'https://github.com/coredns/coredns/blob/master/plugin/etcd/msg/service.go',
  kind: 'built-in',
  roots: [ROOT],
  pattern: '/skydns/{reversed domain}/{label}',
  // A record's service is the domain of its parent: /skydns/local/skydns/x1 is x1 of skydns.local (a lookup of
  // skydns.local answers every record under it).
  match(key) {
    if (!key.startsWith(ROOT)) return null;
    const parts = key.slice(ROOT.length).split('/');
    if (parts.length < 2 || parts.some((p) => p === '')) return null;
    return { service: domainOf(parts.slice(0, -1)), id: parts[parts.length - 1]! };
  },
  decode(_key, value) {
    const doc = parseJsonObject(value);
    if (!doc || typeof doc.host !== 'string' || doc.host === '')
      return { problem: 'not a SkyDNS record with a host' };
    const port = numberField(doc.port);
    const weight = numberField(doc.weight);
    const metadata: Record<string, string> = {};
    for (const field of ['priority', 'ttl', 'text', 'group', 'targetstrip', 'mail']) {
      if (doc[field] !== undefined && doc[field] !== null) metadata[field] = String(doc[field]);
    }
    return {
      address: doc.host,
      ...(port ? { port } : {}),
      metadata,
      weight: weight && weight > 0 ? weight : 1,
      status: 'up',
      format: 'json',
    };
  },
  serviceDir: (service) => `${ROOT}${service.split('.').reverse().join('/')}/`,
  writes: { drain: false, deregister: 'key' },
};
