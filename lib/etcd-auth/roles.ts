import 'server-only';
// etcd roles: list, create, delete, grant and revoke key or prefix permissions (raw AuthClient calls). Changes
// are no transaction: each is audited attempted-first (lib/audit/run-audited.ts).
import type { z } from 'zod';
import { runAudited } from '../audit/run-audited';
import { etcdClient } from '../etcd/client';
import { keyBytes } from '../kv/key-param';
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
  await runAudited('etcd-auth.roles.create', [], () => authCall(() => auth().roleAdd({ name })), {
    extra: { details: { role: name } },
  });
  return getRole(name);
}

export async function deleteRole(name: string): Promise<void> {
  await runAudited('etcd-auth.roles.delete', [], () => authCall(() => auth().roleDelete({ role: name })), {
    extra: { details: { role: name } },
  });
}

export async function grantPermission(
  name: string,
  body: z.infer<typeof grantPermissionBody>,
): Promise<RoleView> {
  const { key, rangeEnd } = permissionRange(body);
  // The permission's key is the record's target: the trail shows it only to who may read that key.
  await runAudited(
    'etcd-auth.roles.grant',
    [keyBytes(body.key, body.keyEncoding)],
    () =>
      authCall(() =>
        auth().roleGrantPermission({
          name,
          perm: { permType: etcdPermType(body.permission), key, range_end: rangeEnd },
        }),
      ),
    { extra: { details: { role: name, permission: body.permission, prefix: body.prefix } } },
  );
  return getRole(name);
}

export async function revokePermission(
  name: string,
  body: z.infer<typeof revokePermissionBody>,
): Promise<RoleView> {
  const { key, rangeEnd } = permissionRange(body);
  await runAudited(
    'etcd-auth.roles.revoke',
    [keyBytes(body.key, body.keyEncoding)],
    () => authCall(() => auth().roleRevokePermission({ role: name, key, range_end: rangeEnd })),
    { extra: { details: { role: name, prefix: body.prefix } } },
  );
  return getRole(name);
}
