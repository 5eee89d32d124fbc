import 'server-only';
// Reading webhook endpoints, and who may see one: an admin whose scope holds the endpoint's whole prefix.
import type { Namespace } from 'etcd3';
import { ApiError } from '../api/errors';
import { mayReadPrefix } from '../auth/access';
import { etcdSystemKv } from '../etcd/client';
import { ENDPOINTS_PREFIX, endpointKey } from './keys';
import { type StoredEndpoint, storedEndpoint, type WebhookView } from './schemas';

export function parseEndpoint(raw: string): StoredEndpoint | null {
  try {
    const parsed = storedEndpoint.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export function viewOf(endpoint: StoredEndpoint): WebhookView {
  const { secret: _secret, ...view } = endpoint;
  return view;
}

/** Every endpoint, unfiltered: for the dispatcher, which runs as the console itself. */
export async function readAllEndpoints(kv: Namespace = etcdSystemKv()): Promise<StoredEndpoint[]> {
  return (await readEndpointsAt(kv)).endpoints.map((e) => e.endpoint);
}

/** Every endpoint with the revision it last changed at, and the revision they were read at. */
export async function readEndpointsAt(kv: Namespace): Promise<{
  endpoints: Array<{ endpoint: StoredEndpoint; modRevision: number }>;
  revision: number;
}> {
  const res = await kv.getAll().prefix(ENDPOINTS_PREFIX).exec();
  const endpoints = res.kvs.flatMap((kv) => {
    const endpoint = parseEndpoint(kv.value.toString('utf8'));
    return endpoint ? [{ endpoint, modRevision: Number(kv.mod_revision) }] : [];
  });
  return { endpoints, revision: Number(res.header.revision) };
}

/** A scoped admin sees only endpoints reporting on keys they may read in full. */
export function maySeeEndpoint(endpoint: Pick<StoredEndpoint, 'prefix'>): boolean {
  return mayReadPrefix(endpoint.prefix);
}

export async function listWebhooks(): Promise<WebhookView[]> {
  const all = await readAllEndpoints();
  return all
    .filter(maySeeEndpoint)
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt))
    .map(viewOf);
}

/** The endpoint with its mod revision; 404 alike for a missing one and one outside the caller's scope. */
export async function readEndpoint(
  id: string,
): Promise<{ endpoint: StoredEndpoint; modRevision: string; revision: number }> {
  const res = await etcdSystemKv().get(endpointKey(id)).exec();
  const kv = res.kvs[0];
  const endpoint = kv ? parseEndpoint(kv.value.toString('utf8')) : null;
  if (!kv || !endpoint || !maySeeEndpoint(endpoint)) throw new ApiError('not_found', 'No such webhook.');
  return { endpoint, modRevision: kv.mod_revision, revision: Number(res.header.revision) };
}
