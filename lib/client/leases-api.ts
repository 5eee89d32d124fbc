// Browser calls that change leases; errors come back as the server's ApiError.
import type { LeaseKey } from '../hooks/use-leases';
import { fetchJson } from './fetcher';

const post = <T>(url: string, body?: unknown) =>
  fetchJson<T>(url, { method: 'POST', body: body === undefined ? undefined : JSON.stringify(body) });
const seg = encodeURIComponent;

export const leasesApi = {
  revoke: (id: string) =>
    fetchJson<{ revoked: string; removedKeys: LeaseKey[]; revision: number }>(`/api/v1/leases/${seg(id)}`, {
      method: 'DELETE',
    }),
  keepalive: (id: string) => post<{ id: string; ttl: number }>(`/api/v1/leases/${seg(id)}/keepalive`),
};
