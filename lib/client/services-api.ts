// Browser calls to the service registry API; errors come back as the server's ApiError.

import type { InstanceItem } from '../registry/schemas';
import type { Strategy } from '../sdk/registry/strategies';
import { fetchJson } from './fetcher';

const base = (service: string) => `/api/v1/services/${encodeURIComponent(service)}`;

export type PickAnswer = { instance: InstanceItem; strategy: Strategy; revision: number };
export type DeleteAnswer = {
  deleted: true;
  revokedLease: string | null;
  removedKeys: string[];
  revision: number;
};

export const servicesApi = {
  setStatus: (service: string, id: string, status: 'up' | 'draining', expectedModRevision: number) =>
    fetchJson<{ instance: InstanceItem; revision: number }>(
      `${base(service)}/instances/${encodeURIComponent(id)}`,
      { method: 'PATCH', body: JSON.stringify({ status, expectedModRevision }) },
    ),
  deregister: (service: string, id: string) =>
    fetchJson<DeleteAnswer>(`${base(service)}/instances/${encodeURIComponent(id)}`, { method: 'DELETE' }),
  pick: (service: string, strategy: Strategy) =>
    fetchJson<PickAnswer>(`${base(service)}/pick?strategy=${strategy}`, { cache: 'no-store' }),
};

export const servicesKeys = {
  list: '/api/v1/services?ttl=true',
  detail: (service: string) => base(service),
  timeline: (service: string) => `${base(service)}/timeline`,
};
