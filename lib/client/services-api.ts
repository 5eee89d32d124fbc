// Browser calls to the service registry API; errors come back as the server's ApiError.
// Every call names the layout the service comes from ("console", our own /services/, is the API's default).

import type { Strategy } from '@etcd-console/core/registry';
import type { InstanceItem } from '../registry/schemas';
import { fetchJson } from './fetcher';

export const CONSOLE_LAYOUT = 'console';

const base = (service: string) => `/api/v1/services/${encodeURIComponent(service)}`;
const layoutParam = (layout: string) => `layout=${encodeURIComponent(layout)}`;
const instanceUrl = (service: string, id: string, layout: string) =>
  `${base(service)}/instances/${encodeURIComponent(id)}?${layoutParam(layout)}`;

export type PickAnswer = { instance: InstanceItem; strategy: Strategy; revision: number };
export type DeleteAnswer = {
  deleted: true;
  revokedLease: string | null;
  removedKeys: string[];
  revision: number;
};

export const servicesApi = {
  setStatus: (
    service: string,
    id: string,
    status: 'up' | 'draining',
    expectedModRevision: number,
    layout: string,
  ) =>
    fetchJson<{ instance: InstanceItem; revision: number }>(instanceUrl(service, id, layout), {
      method: 'PATCH',
      body: JSON.stringify({ status, expectedModRevision }),
    }),
  deregister: (service: string, id: string, layout: string) =>
    fetchJson<DeleteAnswer>(instanceUrl(service, id, layout), { method: 'DELETE' }),
  pick: (service: string, strategy: Strategy, layout: string) =>
    fetchJson<PickAnswer>(`${base(service)}/pick?strategy=${strategy}&${layoutParam(layout)}`, {
      cache: 'no-store',
    }),
};

/** Names of static pages under /services/ that would shadow a service of the same name without ?layout=. */
const SHADOWED = new Set(['layouts']);

export const servicesKeys = {
  list: '/api/v1/services?ttl=true',
  detail: (service: string, layout: string) => `${base(service)}?${layoutParam(layout)}`,
  timeline: (service: string, layout: string) => `${base(service)}/timeline?${layoutParam(layout)}`,
};

/**
 * The console page of one service. Our own layout keeps its old address (/services/<name>); the others carry
 * ?layout=, and so does a service that a static page under /services/ would shadow (/services/layouts). A name
 * that needs escaping also travels as ?name=: Next hands a dynamic segment over decoded on a full load but with
 * "%2F" left escaped after a client-side navigation, while a query parameter arrives the same either way.
 */
export function serviceHref(service: string, layout: string): string {
  const segment = encodeURIComponent(service);
  const query = new URLSearchParams();
  if (layout !== CONSOLE_LAYOUT || SHADOWED.has(service)) query.set('layout', layout);
  if (segment !== service) query.set('name', service);
  const search = query.toString();
  return `/services/${segment}${search ? `?${search}` : ''}`;
}
