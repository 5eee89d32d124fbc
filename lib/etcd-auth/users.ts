import 'server-only';
// etcd users: list, create, delete, change password, grant and revoke roles (raw AuthClient calls). Changes are
// no transaction: each is audited attempted-first (lib/audit/run-audited.ts).
import type { z } from 'zod';
import { runAudited } from '../audit/run-audited';
import { etcdClient } from '../etcd/client';
import { authCall } from './errors';
import type { createUserBody, userList, userView } from './schemas';

type UserView = z.infer<typeof userView>;

const CONCURRENCY = 8;

function auth() {
  return etcdClient().auth;
}

export async function getUser(name: string): Promise<UserView> {
  const res = await authCall(() => auth().userGet({ name }));
  return { name, roles: [...(res.roles ?? [])].sort() };
}

export async function listUsers(): Promise<z.infer<typeof userList>> {
  const names = [...((await authCall(() => auth().userList())).users ?? [])].sort();
  const users: UserView[] = new Array(names.length);
  let next = 0;
  const worker = async () => {
    while (next < names.length) {
      const index = next++;
      users[index] = await getUser(names[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, names.length) }, worker));
  return { users };
}

/** Adds the user, then grants its roles; a role that does not exist answers 404 and leaves the user in place. */
export async function createUser(body: z.infer<typeof createUserBody>): Promise<UserView> {
  await runAudited(
    'etcd-auth.users.create',
    [],
    async () => {
      await authCall(() => auth().userAdd({ name: body.name, password: body.password }));
      for (const role of body.roles) await authCall(() => auth().userGrantRole({ user: body.name, role }));
    },
    { extra: { details: { user: body.name, roles: body.roles } } },
  );
  return getUser(body.name);
}

export async function deleteUser(name: string): Promise<void> {
  await runAudited('etcd-auth.users.delete', [], () => authCall(() => auth().userDelete({ name })), {
    extra: { details: { user: name } },
  });
}

export async function changePassword(name: string, password: string): Promise<void> {
  await runAudited(
    'etcd-auth.users.password',
    [],
    () => authCall(() => auth().userChangePassword({ name, password })),
    { extra: { details: { user: name } } },
  );
}

export async function grantUserRole(name: string, role: string): Promise<UserView> {
  await runAudited(
    'etcd-auth.users.grant',
    [],
    () => authCall(() => auth().userGrantRole({ user: name, role })),
    { extra: { details: { user: name, role } } },
  );
  return getUser(name);
}

export async function revokeUserRole(name: string, role: string): Promise<UserView> {
  await runAudited(
    'etcd-auth.users.revoke',
    [],
    () => authCall(() => auth().userRevokeRole({ name, role })),
    { extra: { details: { user: name, role } } },
  );
  return getUser(name);
}
