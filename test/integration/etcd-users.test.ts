// etcd users and roles through the API on a real etcd with auth turned on: a root client administers, and a
// limited user sees only what its role permits, as enforced by etcd itself.

import { connectEtcd } from '@etcd-console/core/etcd';
import { type Etcd3, EtcdPermissionDeniedError } from 'etcd3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as clusterRoute from '@/app/api/v1/cluster/route';
import * as disableRoute from '@/app/api/v1/etcd-auth/disable/route';
import * as enableRoute from '@/app/api/v1/etcd-auth/enable/route';
import * as revokePermRoute from '@/app/api/v1/etcd-auth/roles/[name]/permissions/revoke/route';
import * as grantPermRoute from '@/app/api/v1/etcd-auth/roles/[name]/permissions/route';
import * as roleRoute from '@/app/api/v1/etcd-auth/roles/[name]/route';
import * as rolesRoute from '@/app/api/v1/etcd-auth/roles/route';
import * as statusRoute from '@/app/api/v1/etcd-auth/route';
import * as passwordRoute from '@/app/api/v1/etcd-auth/users/[name]/password/route';
import * as userRolesRevokeRoute from '@/app/api/v1/etcd-auth/users/[name]/roles/[role]/route';
import * as userRolesRoute from '@/app/api/v1/etcd-auth/users/[name]/roles/route';
import * as userRoute from '@/app/api/v1/etcd-auth/users/[name]/route';
import * as usersRoute from '@/app/api/v1/etcd-auth/users/route';
import * as itemRoute from '@/app/api/v1/kv/item/route';
import { closeMemberClients } from '@/lib/cluster/member-clients';
import { resetConsoleClient, routeContext, useConsoleEtcd } from '../helpers/console-env';
import { startTestEtcd, type TestEtcd } from '../helpers/etcd';

type Handler = (request: Request, context: ReturnType<typeof routeContext>) => Promise<Response>;

async function call(
  handler: Handler,
  url: string,
  init: { method?: string; body?: unknown; params?: Record<string, string> } = {},
) {
  const request = new Request(`http://console${url}`, {
    method: init.method ?? 'GET',
    ...(init.body === undefined
      ? {}
      : { body: JSON.stringify(init.body), headers: { 'content-type': 'application/json' } }),
  });
  const res = await handler(request, routeContext(init.params));
  // biome-ignore lint/suspicious/noExplicitAny: test answers are checked field by field
  return { status: res.status, body: (await res.json()) as any };
}

const post = (handler: Handler, url: string, body: unknown = {}, params: Record<string, string> = {}) =>
  call(handler, url, { method: 'POST', body, params });

let etcd: TestEtcd;
const clients: Etcd3[] = [];

function clientAs(username: string, password: string): Etcd3 {
  const client = connectEtcd({ endpoints: etcd.endpoints, username, password, callTimeoutMs: 3000 });
  clients.push(client);
  return client;
}

function consoleAs(username?: string, password?: string): void {
  closeMemberClients();
  useConsoleEtcd(etcd.endpoints, { ETCD_USERNAME: username ?? '', ETCD_PASSWORD: password ?? '' });
}

beforeAll(async () => {
  etcd = await startTestEtcd();
  consoleAs();
});
afterAll(async () => {
  for (const c of clients) c.close();
  closeMemberClients();
  resetConsoleClient();
  await etcd?.destroy();
});

describe('etcd users and roles', () => {
  it('refuses to enable auth until a root user holds the root role', async () => {
    expect((await call(statusRoute.GET, '/api/v1/etcd-auth')).body).toEqual({
      enabled: false,
      authRevision: null,
      root: { exists: false, hasRootRole: false },
    });
    expect((await post(enableRoute.POST, '/api/v1/etcd-auth/enable')).status).toBe(409);

    const role = await post(rolesRoute.POST, '/api/v1/etcd-auth/roles', { name: 'reader' });
    expect(role.status).toBe(201);
    const granted = await post(
      grantPermRoute.POST,
      '/api/v1/etcd-auth/roles/reader/permissions',
      { key: '/app/', prefix: true, permission: 'read' },
      { name: 'reader' },
    );
    expect(granted.body.permissions).toEqual([
      {
        permission: 'read',
        key: '/app/',
        keyEncoding: 'utf8',
        rangeEnd: '/app0',
        rangeEndEncoding: 'utf8',
        prefix: true,
      },
    ]);
    const alice = await post(usersRoute.POST, '/api/v1/etcd-auth/users', {
      name: 'alice',
      password: 'alice-pw',
      roles: ['reader'],
    });
    expect(alice).toEqual({ status: 201, body: { name: 'alice', roles: ['reader'] } });
    expect(
      (await post(usersRoute.POST, '/api/v1/etcd-auth/users', { name: 'alice', password: 'x' })).status,
    ).toBe(409);

    await post(usersRoute.POST, '/api/v1/etcd-auth/users', { name: 'root', password: 'root-pw' });
    const noRole = await post(enableRoute.POST, '/api/v1/etcd-auth/enable');
    expect(noRole.status).toBe(409);
    expect(noRole.body.error.message).toMatch(/root role/);
    await post(userRolesRoute.POST, '/api/v1/etcd-auth/users/root/roles', { role: 'root' }, { name: 'root' });

    const enabled = await post(enableRoute.POST, '/api/v1/etcd-auth/enable');
    expect(enabled.status).toBe(200);
    expect(enabled.body.note).toMatch(/ETCD_USERNAME/);
    // The console without credentials still tells that auth is on.
    expect((await call(statusRoute.GET, '/api/v1/etcd-auth')).body).toMatchObject({
      enabled: true,
      root: null,
    });
  });

  it('administers with root credentials, per member too', async () => {
    consoleAs('root', 'root-pw');
    const users = await call(usersRoute.GET, '/api/v1/etcd-auth/users');
    expect(users.body.users).toEqual([
      { name: 'alice', roles: ['reader'] },
      { name: 'root', roles: ['root'] },
    ]);
    expect(
      (await call(rolesRoute.GET, '/api/v1/etcd-auth/roles')).body.roles.map((r: { name: string }) => r.name),
    ).toEqual(['reader']);
    const view = await call(clusterRoute.GET, '/api/v1/cluster');
    expect(view.status).toBe(200);
    expect(view.body.members[0].status).not.toBeNull();

    const root = clientAs('root', 'root-pw');
    await root.put('/app/config').value('a');
    await root.put('/secret/key').value('s');
  });

  it('lets a limited user see only what its role permits', async () => {
    const alice = clientAs('alice', 'alice-pw');
    expect(await alice.get('/app/config').string()).toBe('a');
    await expect(alice.get('/secret/key').string()).rejects.toBeInstanceOf(EtcdPermissionDeniedError);
    await expect(alice.put('/app/config').value('b')).rejects.toBeInstanceOf(EtcdPermissionDeniedError);

    // The console running as alice gets the same answers from etcd.
    consoleAs('alice', 'alice-pw');
    expect((await call(itemRoute.GET, '/api/v1/kv/item?key=/app/config')).status).toBe(200);
    expect((await call(itemRoute.GET, '/api/v1/kv/item?key=/secret/key')).status).toBe(403);
    const put = await call(itemRoute.PUT, '/api/v1/kv/item', {
      method: 'PUT',
      body: { key: '/app/x', value: '1' },
    });
    expect(put.status).toBe(403);
  });

  it('changes a password, revokes roles and permissions, deletes roles and users', async () => {
    consoleAs('root', 'root-pw');
    const changed = await call(passwordRoute.PUT, '/api/v1/etcd-auth/users/alice/password', {
      method: 'PUT',
      body: { password: 'new-pw' },
      params: { name: 'alice' },
    });
    expect(changed).toEqual({ status: 200, body: { ok: true } });
    await expect(clientAs('alice', 'alice-pw').get('/app/config').string()).rejects.toThrow(
      /authentication failed/,
    );
    const alice = clientAs('alice', 'new-pw');
    expect(await alice.get('/app/config').string()).toBe('a');

    const revoked = await call(userRolesRevokeRoute.DELETE, '/api/v1/etcd-auth/users/alice/roles/reader', {
      method: 'DELETE',
      params: { name: 'alice', role: 'reader' },
    });
    expect(revoked.body).toEqual({ name: 'alice', roles: [] });
    await expect(alice.get('/app/config').string()).rejects.toBeInstanceOf(EtcdPermissionDeniedError);

    const target = { key: '/app/', prefix: true };
    const url = '/api/v1/etcd-auth/roles/reader/permissions/revoke';
    expect((await post(revokePermRoute.POST, url, target, { name: 'reader' })).body.permissions).toEqual([]);
    expect((await post(revokePermRoute.POST, url, target, { name: 'reader' })).status).toBe(404);

    const params = { name: 'reader' };
    expect(
      (await call(roleRoute.DELETE, '/api/v1/etcd-auth/roles/reader', { method: 'DELETE', params })).status,
    ).toBe(200);
    expect((await call(roleRoute.GET, '/api/v1/etcd-auth/roles/reader', { params })).status).toBe(404);
    const user = { name: 'alice' };
    expect(
      (await call(userRoute.DELETE, '/api/v1/etcd-auth/users/alice', { method: 'DELETE', params: user }))
        .status,
    ).toBe(200);
    expect((await call(userRoute.GET, '/api/v1/etcd-auth/users/alice', { params: user })).status).toBe(404);

    // etcd keeps root's root role while auth is on.
    const rootRole = await call(userRolesRevokeRoute.DELETE, '/api/v1/etcd-auth/users/root/roles/root', {
      method: 'DELETE',
      params: { name: 'root', role: 'root' },
    });
    expect(rootRole.status).toBe(409);
  });

  it.each([
    ['a user name with a slash', usersRoute.POST, { name: 'a/b', password: 'x' }, {}],
    ['a user without a password', usersRoute.POST, { name: 'bob' }, {}],
    ['a permission on no key', grantPermRoute.POST, { key: '', permission: 'read' }, { name: 'r' }],
    ['an unknown permission type', grantPermRoute.POST, { key: '/a', permission: 'all' }, { name: 'r' }],
  ])('answers 400 for %s', async (_label, handler, body, params) => {
    expect((await post(handler as Handler, '/api/v1/etcd-auth/x', body, params)).status).toBe(400);
  });

  it('disables auth again', async () => {
    const disabled = await post(disableRoute.POST, '/api/v1/etcd-auth/disable');
    expect(disabled.status).toBe(200);
    consoleAs();
    expect((await call(statusRoute.GET, '/api/v1/etcd-auth')).body.enabled).toBe(false);
  });
});
