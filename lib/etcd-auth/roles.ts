import 'server-only';
// etcd roles: list, create, delete, grant and revoke key or prefix permissions (raw AuthClient calls).
import type { z } from 'zod';
import { etcdClient } from '../etcd/client';
import { authCall } from './errors';
import { etcdPermType, permissionRange, viewPermission } from './permissions';
import type { grantPermissionBody, revokePermissionBody, roleList, roleView } from './schemas';

type RoleView = z.infer<typeof roleView>;

function auth() {
  return etcdClient().auth;
}

export async function getRole(name: string): Promise<RoleView> {
  const res = await authCall(() => auth().roleGet({ role: name }));
  return { name, permissions: (res.perm ?? []).map(viewPermission) };
}

export async function listRoles(): Promise<z.infer<typeof roleList>> {
  const names = [...((await authCall(() => auth().roleList())).roles ?? [])].sort();
  return { roles: await Promise.all(names.map(getRole)) };
}

export async function createRole(name: string): Promise<RoleView> {
  await authCall(() => auth().roleAdd({ name }));
  return getRole(name);
}

export async function deleteRole(name: string): Promise<void> {
  await authCall(() => auth().roleDelete({ role: name }));
}

export async function grantPermission(
  name: string,
  body: z.infer<typeof grantPermissionBody>,
): Promise<RoleView> {
  const { key, rangeEnd } = permissionRange(body);
  await authCall(() =>
    auth().roleGrantPermission({
      name,
      perm: { permType: etcdPermType(body.permission), key, range_end: rangeEnd },
    }),
  );
  return getRole(name);
}

export async function revokePermission(
  name: string,
  body: z.infer<typeof revokePermissionBody>,
): Promise<RoleView> {
  const { key, rangeEnd } = permissionRange(body);
  await authCall(() => auth().roleRevokePermission({ role: name, key, range_end: rangeEnd }));
  return getRole(name);
}
