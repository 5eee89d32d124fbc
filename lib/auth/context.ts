// The actor of the request being served, carried through async calls so deep code (etcd client, audit) can see it.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Role } from './config';

export type Actor = {
  name: string;
  role: Role;
  /** Writes are limited to keys under these prefixes; empty = no limit. */
  prefixes: string[];
  via: 'local' | 'session' | 'token';
  /** etcd mode: the console acts with the user's own etcd credentials. */
  etcd?: { username: string; password: string };
  /** etcd mode: what etcd lets this user read (lib/auth/etcd-permissions.ts); absent = no limit from etcd. */
  etcdRanges?: Array<{ start: Buffer; end: Buffer | null }>;
};

export type RequestContext = {
  actor: Actor | null;
  source: string;
  route: string;
  audited: boolean;
  /** The configured etcd cluster (profile name) this request talks to. */
  cluster?: string;
};

const storage = new AsyncLocalStorage<RequestContext>();

export function runWithContext<T>(context: RequestContext, fn: () => T): T {
  return storage.run(context, fn);
}

export function requestContext(): RequestContext | undefined {
  return storage.getStore();
}

export function currentActor(): Actor | null {
  return storage.getStore()?.actor ?? null;
}

/** Marks that the request changed nothing (a preview, a conflict, an empty restore): there is nothing to audit. */
export function markNoChange(): void {
  const store = storage.getStore();
  if (store) store.audited = true;
}

/** Marks that the mutation recorded its own audit entry (in its transaction), so the wrapper does not add one. */
export function markAudited(): void {
  const store = storage.getStore();
  if (store) store.audited = true;
}
