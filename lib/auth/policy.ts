// What each API route requires. One table for the whole API; a unit test checks that every route is in it.
import type { Role } from './config';

export type Access =
  /** Anyone, even anonymous (health probes, the API description, login). */
  | { kind: 'public' }
  /** A signed-in user or token of at least this role; writes are refused in read-only mode. */
  | { kind: 'role'; role: Role; writes?: boolean };

const viewer: Access = { kind: 'role', role: 'viewer' };
const operatorWrite: Access = { kind: 'role', role: 'operator', writes: true };
const adminRead: Access = { kind: 'role', role: 'admin' };
const adminWrite: Access = { kind: 'role', role: 'admin', writes: true };

export const routePolicy: Record<string, Access> = {
  health: { kind: 'public' },
  openapi: { kind: 'public' },
  'auth.login': { kind: 'public' },
  'auth.logout': { kind: 'public' },
  'auth.me': { kind: 'public' },
  metrics: viewer,
  overview: viewer,
  'overview.warnings': viewer,
  watch: viewer,

  'kv.list': viewer,
  'kv.children': viewer,
  'kv.item.get': viewer,
  'kv.history': viewer,
  'kv.diff': viewer,
  'kv.search': viewer,
  'kv.export': viewer,
  'kv.prefix.preview': viewer,
  'kv.item.put': operatorWrite,
  'kv.item.delete': operatorWrite,
  'kv.import': adminWrite,
  'kv.prefix.delete': adminWrite,
  'kv.prefix.restore': adminWrite,

  'services.list': viewer,
  'services.get': viewer,
  'services.pick': viewer,
  'services.timeline': viewer,
  'services.instance.patch': operatorWrite,
  'services.instance.delete': operatorWrite,
  'layouts.get': adminRead,
  'layouts.put': adminWrite,
  // A POST that changes nothing, but only useful for declaring a layout: read-only mode stops it with the save.
  'layouts.preview': adminWrite,

  'coordination.list': viewer,
  'coordination.get': viewer,

  'commands.list': viewer,
  'commands.read': viewer,
  'commands.create': operatorWrite,
  'commands.cancel': operatorWrite,
  'commands.retry': operatorWrite,
  'workers.list': viewer,
  'tasks.list': viewer,
  'tasks.read': viewer,
  'subscribers.list': viewer,
  'subscribers.propagation': viewer,

  'cluster.get': viewer,
  'cluster.space': viewer,
  'cluster.alarms': viewer,
  'cluster.defrag.get': viewer,
  'cluster.snapshot': adminRead,
  'cluster.compact': adminWrite,
  'cluster.defrag.start': adminWrite,
  'cluster.alarms.disarm': adminWrite,

  'leases.list': viewer,
  'leases.get': viewer,
  'leases.revoke': adminWrite,
  'leases.keepalive': adminWrite,

  'etcd-auth.status': adminRead,
  'etcd-auth.users.list': adminRead,
  'etcd-auth.users.get': adminRead,
  'etcd-auth.roles.list': adminRead,
  'etcd-auth.roles.get': adminRead,
  'etcd-auth.users.create': adminWrite,
  'etcd-auth.users.delete': adminWrite,
  'etcd-auth.users.password': adminWrite,
  'etcd-auth.users.grant': adminWrite,
  'etcd-auth.users.revoke': adminWrite,
  'etcd-auth.roles.create': adminWrite,
  'etcd-auth.roles.delete': adminWrite,
  'etcd-auth.roles.grant': adminWrite,
  'etcd-auth.roles.revoke': adminWrite,
  'etcd-auth.enable': adminWrite,
  'etcd-auth.disable': adminWrite,

  'tokens.list': adminRead,
  'tokens.create': adminWrite,
  'tokens.revoke': adminWrite,
  'changesets.list': viewer,
  'changesets.get': viewer,
  'changesets.review': viewer,
  'changesets.create': operatorWrite,
  'changesets.update': operatorWrite,
  'changesets.discard': operatorWrite,
  'changesets.rebase': operatorWrite,
  'changesets.approve': operatorWrite,
  'changesets.reject': operatorWrite,
  'changesets.publish': operatorWrite,
  'changesets.revert': operatorWrite,
  'changesets.canary.get': viewer,
  'changesets.canary': operatorWrite,
  'changesets.promote': operatorWrite,
  'changesets.abort': operatorWrite,
  'changesets.policy.get': adminRead,
  'changesets.policy.put': adminWrite,

  'webhooks.list': adminRead,
  'webhooks.get': adminRead,
  'webhooks.deliveries': adminRead,
  'webhooks.create': adminWrite,
  'webhooks.update': adminWrite,
  'webhooks.delete': adminWrite,
  // Sends a request to the endpoint and records it: a write, refused in read-only mode.
  'webhooks.test': adminWrite,
  'audit.list': viewer,
  'audit.export': viewer,
};

const rank: Record<Role, number> = { viewer: 0, operator: 1, admin: 2 };

export function roleAtLeast(role: Role, needed: Role): boolean {
  return rank[role] >= rank[needed];
}

export function accessFor(routeName: string): Access {
  const access = routePolicy[routeName];
  // An unlisted route is admin-only: forgetting the table must not open a door.
  return access ?? adminWrite;
}
