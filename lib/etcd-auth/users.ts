import 'server-only';
// etcd users: list, create, delete, change password, grant and revoke roles (raw AuthClient calls).
import type { z } from 'zod';
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
  await authCall(() => auth().userAdd({ name: body.name, password: body.password }));
  for (const role of body.roles) await grantUserRole(body.name, role);
  return getUser(body.name);
}

export async function deleteUser(name: string): Promise<void> {
  await authCall(() => auth().userDelete({ name }));
}

export async function changePassword(name: string, password: string): Promise<void> {
  await authCall(() => auth().userChangePassword({ name, password }));
}

export async function grantUserRole(name: string, role: string): Promise<UserView> {
  await authCall(() => auth().userGrantRole({ user: name, role }));
  return getUser(name);
}

export async function revokeUserRole(name: string, role: string): Promise<UserView> {
  await authCall(() => auth().userRevokeRole({ name, role }));
  return getUser(name);
}
