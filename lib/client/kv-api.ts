// Browser calls to the key-value API; errors come back as the server's ApiError.
import type { History } from '../kv/history';
import type { KvItem } from '../kv/item';
import type { ValueFormat } from '../kv/value-format';
import { fetchJson } from './fetcher';

export type Encoding = 'utf8' | 'base64';
export type KeyRef = { key: string; keyEncoding?: Encoding };

export function keyQuery(ref: KeyRef): string {
  const params = new URLSearchParams({ key: ref.key });
  if (ref.keyEncoding === 'base64') params.set('keyEncoding', 'base64');
  return params.toString();
}

export type PutRequest = KeyRef & {
  value: string;
  valueEncoding?: Encoding;
  expectedModRevision: number;
  lease?: string | { ttl: number };
  format?: ValueFormat;
};

export const kvApi = {
  item: (ref: KeyRef, revision?: number) =>
    fetchJson<{ item: KvItem; revision: number }>(
      `/api/v1/kv/item?${keyQuery(ref)}${revision ? `&revision=${revision}` : ''}`,
    ),
  put: (body: PutRequest) =>
    fetchJson<{ item: KvItem; revision: number }>('/api/v1/kv/item', {
      method: 'PUT',
      body: JSON.stringify(body),
    }),
  remove: (ref: KeyRef, expectedModRevision: number) =>
    fetchJson<{ revision: number }>(
      `/api/v1/kv/item?${keyQuery(ref)}&expectedModRevision=${expectedModRevision}`,
      {
        method: 'DELETE',
      },
    ),
  history: (ref: KeyRef) => fetchJson<History>(`/api/v1/kv/history?${keyQuery(ref)}`),
};
