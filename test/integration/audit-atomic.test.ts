// Every mutation is audited atomically, and scopes hold on every mutation: on a real etcd, route handlers called
// in-process. In-transaction records share the change's revision; attempted-first records are completed; a change
// whose record etcd refuses leaves etcd as it was; scoped callers cannot reach outside their prefixes.

import { connectEtcd } from '@etcd-console/core/etcd';
import type { Etcd3 } from 'etcd3';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import * as compactRoute from '@/app/api/v1/cluster/compact/route';
import * as cancelRoute from '@/app/api/v1/commands/[id]/cancel/route';
import * as retryRoute from '@/app/api/v1/commands/[id]/retry/route';
import * as commandsRoute from '@/app/api/v1/commands/route';
import * as userRolesRoute from '@/app/api/v1/etcd-auth/users/[name]/roles/route';
import * as usersRoute from '@/app/api/v1/etcd-auth/users/route';
import * as keepaliveRoute from '@/app/api/v1/leases/[id]/keepalive/route';
import * as leaseRoute from '@/app/api/v1/leases/[id]/route';
import * as instanceRoute from '@/app/api/v1/services/[name]/instances/[id]/route';
import * as tokenRoute from '@/app/api/v1/tokens/[id]/route';
import * as tokensRoute from '@/app/api/v1/tokens/route';
import { createToken } from '@/lib/auth/tokens';
import { logger } from '@/lib/log/logger';
import { resetConsoleClient, routeContext, useConsoleEtcd } from '../helpers/console-env';
import { startTestEtcd, type TestEtcd } from '../helpers/etcd';
import { gateHeaders } from '../helpers/routes';

type Handler = (request: Request, context: ReturnType<typeof routeContext>) => Promise<Response>;
type Init = { method?: string; body?: unknown; params?: Record<string, string>; token?: string };
type AuditRecord = {
  actor: string;
  action: string;
  targets: string[];
  outcome?: string;
  details?: Record<string, unknown>;
};

async function call(handler: Handler, url: string, init: Init = {}) {
  // Login is off: the local admin, through the console's front door from loopback (or a token).
  const headers: Record<string, string> = gateHeaders();
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  const request = new Request(`http://console${url}`, {
    method: init.method ?? 'GET',
    headers,
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  const res = await handler(request, routeContext(init.params));
  // biome-ignore lint/suspicious/noExplicitAny: test answers are checked field by field
  return { status: res.status, body: (await res.json()) as any };
}

let etcd: TestEtcd;
/** Reads and seeds etcd directly: the test's own client, then root's once auth is on. */
let direct: Etcd3;
const clients: Etcd3[] = [];
const unaudited = vi.spyOn(logger, 'error');

beforeAll(async () => {
  etcd = await startTestEtcd();
  direct = etcd.client;
  useConsoleEtcd(etcd.endpoints);
});
afterAll(async () => {
  for (const c of clients) c.close();
  resetConsoleClient();
  await etcd?.destroy();
});

async function audits(): Promise<Array<{ revision: number; record: AuditRecord }>> {
  const res = await direct.getAll().prefix('/_console/audit/').exec();
  return res.kvs.map((kv) => ({
    revision: Number(kv.mod_revision),
    record: JSON.parse(kv.value.toString('utf8')) as AuditRecord,
  }));
}

/** The one record of `action` naming `target`. */
async function auditOf(action: string, target: string) {
  const found = (await audits()).filter(
    (a) => a.record.action === action && a.record.targets.includes(target),
  );
  expect(found, `${action} on ${target}`).toHaveLength(1);
  return found[0]!;
}

async function modRevision(key: string): Promise<number> {
  return Number((await direct.get(key).exec()).kvs[0]?.mod_revision ?? 0);
}

async function grantLease(ttl = 60): Promise<string> {
  return (await direct.leaseClient.leaseGrant({ TTL: ttl, ID: 0 })).ID;
}

async function putInstance(service: string, id: string, lease?: string): Promise<string> {
  const key = `/services/${service}/${id}`;
  const value = JSON.stringify({ id, service, address: '10.0.0.1', port: 80, status: 'up', weight: 1 });
  const put = direct.put(key).value(value);
  await (lease ? put.lease(lease) : put).exec();
  return key;
}

async function leaseKeys(id: string): Promise<string[] | null> {
  const res = await direct.leaseClient.leaseTimeToLive({ ID: id, keys: true });
  return Number(res.TTL) < 0 ? null : (res.keys ?? []).map((k) => k.toString('utf8')).sort();
}

const patchInstance = (service: string, id: string, body: unknown, token?: string) =>
  call(instanceRoute.PATCH, `/api/v1/services/${service}/instances/${id}`, {
    method: 'PATCH',
    body,
    params: { name: service, id },
    token,
  });
const deleteInstance = (service: string, id: string, token?: string) =>
  call(instanceRoute.DELETE, `/api/v1/services/${service}/instances/${id}`, {
    method: 'DELETE',
    params: { name: service, id },
    token,
  });
const createCommand = (group: string, token?: string) =>
  call(commandsRoute.POST, '/api/v1/commands', {
    method: 'POST',
    body: { group, type: 'echo', mode: 'any', payload: { n: 1 } },
    token,
  });
const cancelCommand = (id: string, token?: string) =>
  call(cancelRoute.POST, `/api/v1/commands/${id}/cancel`, { method: 'POST', params: { id }, token });
const retryCommand = (id: string, token?: string) =>
  call(retryRoute.POST, `/api/v1/commands/${id}/retry`, { method: 'POST', params: { id }, token });
const revokeLease = (id: string, token?: string) =>
  call(leaseRoute.DELETE, `/api/v1/leases/${id}`, { method: 'DELETE', params: { id }, token });

async function tokenFor(name: string, role: 'operator' | 'admin', prefixes: string[]): Promise<string> {
  return (await createToken({ name, role, prefixes, expiresInDays: 1 }, 'test')).token;
}

let cancelledId = '';

describe('in-transaction audit: the record has the change’s revision', () => {
  it('drain and undrain', async () => {
    const key = await putInstance('web', 'd1', await grantLease());
    for (const status of ['draining', 'up']) {
      const res = await patchInstance('web', 'd1', { status });
      expect(res.status).toBe(200);
      expect(await modRevision(key)).toBe(res.body.revision);
      const audit = (await audits()).filter(
        (a) => a.record.action === 'services.instance.patch' && a.revision === res.body.revision,
      );
      expect(audit).toHaveLength(1);
      expect(audit[0]!.record).toMatchObject({ actor: 'local', targets: [key], details: { status } });
      expect(audit[0]!.record.outcome).toBeUndefined();
    }
  });

  it('deregistering a key without a lease', async () => {
    const key = await putInstance('web', 'plain');
    const before = await modRevision(key);
    const res = await deleteInstance('web', 'plain');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ revokedLease: null, removedKeys: [key] });
    const audit = await auditOf('services.instance.delete', key);
    expect(audit.revision).toBe(res.body.revision);
    expect(audit.record).toMatchObject({ before: [before] });
    expect(
      await direct
        .get(key)
        .revision(res.body.revision - 1)
        .string(),
    ).not.toBeNull();
    expect(await direct.get(key).string()).toBeNull();
  });

  it('command create, cancel and retry, with the real actor as creator', async () => {
    const created = await createCommand('push');
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    const spec = `/commands/push/${id}/spec`;
    expect(await modRevision(spec)).toBe(created.body.revision);
    expect(await modRevision(`/commands/_index/${id}`)).toBe(created.body.revision);
    expect(JSON.parse((await direct.get(spec).string())!)).toMatchObject({ creator: 'local' });
    expect((await auditOf('commands.create', spec)).revision).toBe(created.body.revision);

    const cancelled = await cancelCommand(id);
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.state).toBe('cancelled');
    const cancelKey = `/commands/push/${id}/cancel`;
    expect(JSON.parse((await direct.get(cancelKey).string())!)).toMatchObject({ by: 'local' });
    expect((await auditOf('commands.cancel', cancelKey)).revision).toBe(await modRevision(cancelKey));
    cancelledId = id;

    const retried = await retryCommand(id);
    expect(retried.status).toBe(201);
    const newId = retried.body.id as string;
    const newSpec = `/commands/push/${newId}/spec`;
    expect(await modRevision(newSpec)).toBe(retried.body.revision);
    // The pointer on the retried command is in the same transaction too.
    expect(await modRevision(`/commands/push/${id}/retries/${newId}`)).toBe(retried.body.revision);
    const audit = await auditOf('commands.retry', newSpec);
    expect(audit.revision).toBe(retried.body.revision);
    expect(audit.record.details).toMatchObject({ retryOf: id });
  });

  it('token create and revoke', async () => {
    const created = await call(tokensRoute.POST, '/api/v1/tokens', {
      method: 'POST',
      body: { name: 'ci', role: 'viewer' },
    });
    expect(created.status).toBe(201);
    const key = `/_console/tokens/${created.body.info.id}`;
    const audit = await auditOf('tokens.create', key);
    expect(audit.revision).toBe(await modRevision(key));
    // etcdc_<id>_<secret>, and the base64url secret may itself hold "_" (even begin with it).
    const secret = created.body.token.split('_').slice(2).join('_');
    expect(secret).toHaveLength(32);
    expect(JSON.stringify(audit.record)).not.toContain(secret);

    const revoked = await call(tokenRoute.DELETE, `/api/v1/tokens/${created.body.info.id}`, {
      method: 'DELETE',
      params: { id: created.body.info.id },
    });
    expect(revoked.status).toBe(200);
    const gone = await auditOf('tokens.revoke', key);
    expect(
      await direct
        .get(key)
        .revision(gone.revision - 1)
        .string(),
    ).not.toBeNull();
    expect(await direct.get(key).revision(gone.revision).string()).toBeNull();
  });
});

describe('attempted-first audit: recorded before the change, completed after', () => {
  it('deregistering an instance on a lease, revoking and renewing a lease', async () => {
    const lease = await grantLease();
    const key = await putInstance('web', 'leased', lease);
    const res = await deleteInstance('web', 'leased');
    expect(res.status).toBe(200);
    const deregistered = await auditOf('services.instance.delete', key);
    expect(deregistered.record).toMatchObject({
      outcome: 'succeeded',
      details: { lease, keys: 1, revision: res.body.revision },
    });

    const other = await grantLease();
    await direct.put('/leased/k').value('v').lease(other).exec();
    const renewed = await call(keepaliveRoute.POST, `/api/v1/leases/${other}/keepalive`, {
      method: 'POST',
      params: { id: other },
    });
    expect(renewed.status).toBe(200);
    const keepalive = (await audits()).filter((a) => a.record.action === 'leases.keepalive');
    expect(keepalive.map((a) => a.record)).toMatchObject([
      { outcome: 'succeeded', details: { lease: other } },
    ]);
    const revoked = await revokeLease(other);
    expect(revoked.status).toBe(200);
    expect((await auditOf('leases.revoke', '/leased/k')).record).toMatchObject({
      outcome: 'succeeded',
      details: { lease: other, revision: revoked.body.revision },
    });
  });

  it('compaction', async () => {
    const revision = Number((await direct.get('/').exec()).header.revision);
    const res = await call(compactRoute.POST, '/api/v1/cluster/compact', {
      method: 'POST',
      body: { revision, physical: false },
    });
    expect(res.status).toBe(200);
    const compacted = (await audits()).filter((a) => a.record.action === 'cluster.compact');
    expect(compacted.map((a) => a.record)).toMatchObject([
      { actor: 'local', outcome: 'succeeded', details: { revision, physical: false } },
    ]);
  });

  it('records a change etcd refuses as failed', async () => {
    const user = await call(usersRoute.POST, '/api/v1/etcd-auth/users', {
      method: 'POST',
      body: { name: 'bob', password: 'pw' },
    });
    expect(user.status).toBe(201);
    const grant = await call(userRolesRoute.POST, '/api/v1/etcd-auth/users/bob/roles', {
      method: 'POST',
      body: { role: 'no-such-role' },
      params: { name: 'bob' },
    });
    expect(grant.status).toBe(404);
    const records = (await audits()).filter((a) => a.record.action.startsWith('etcd-auth.'));
    expect(records.map((a) => [a.record.action, a.record.outcome])).toEqual([
      ['etcd-auth.users.create', 'succeeded'],
      ['etcd-auth.users.grant', 'failed'],
    ]);
    expect(JSON.stringify(records)).not.toContain('"pw"');
  });

  it('never needed the late safety net', () => {
    const late = unaudited.mock.calls.filter((c) => String(c[1]).includes('without its own audit record'));
    expect(late).toEqual([]);
  });
});

describe('scopes on every mutation', () => {
  it('keeps an operator scoped to /config/payments/ away from commands and instances', async () => {
    const token = await tokenFor('payments', 'operator', ['/config/payments/']);
    const key = await putInstance('web', 's1', await grantLease());
    const value = await direct.get(key).string();
    const before = Number((await direct.get('/').exec()).header.revision);
    const answers = [
      await createCommand('push', token),
      await cancelCommand(cancelledId, token),
      await retryCommand(cancelledId, token),
      await patchInstance('web', 's1', { status: 'draining' }, token),
      await deleteInstance('web', 's1', token),
    ];
    expect(answers.map((a) => a.status)).toEqual([403, 403, 403, 403, 403]);
    expect(Number((await direct.get('/').exec()).header.revision)).toBe(before);
    expect(await direct.get(key).string()).toBe(value);
  });

  it('lets an operator scoped to /commands/push/ create a push command, audited as theirs', async () => {
    const token = await tokenFor('pusher', 'operator', ['/commands/push/']);
    const created = await createCommand('push', token);
    expect(created.status).toBe(201);
    const spec = `/commands/push/${created.body.id}/spec`;
    expect(JSON.parse((await direct.get(spec).string())!)).toMatchObject({ creator: 'token:pusher' });
    const audit = await auditOf('commands.create', spec);
    expect(audit.revision).toBe(created.body.revision);
    expect(audit.record.actor).toBe('token:pusher');
    expect((await createCommand('other', token)).status).toBe(403);
  });

  it('refuses a deregistration or lease revoke whose lease holds keys outside the scope, naming only the count', async () => {
    const operator = await tokenFor('pay-svc', 'operator', ['/services/pay/']);
    const admin = await tokenFor('pay-admin', 'admin', ['/services/pay/']);
    const lease = await grantLease();
    const key = await putInstance('pay', 'i1', lease);
    await direct.put('/secret/sidecar').value('s').lease(lease).exec();
    const before = Number((await direct.get('/').exec()).header.revision);

    const refused = await deleteInstance('pay', 'i1', operator);
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toMatch(/1 key /);
    expect(JSON.stringify(refused.body)).not.toContain('/secret/');
    const revoke = await revokeLease(lease, admin);
    expect(revoke.status).toBe(403);
    expect(JSON.stringify(revoke.body)).not.toContain('/secret/');
    expect(Number((await direct.get('/').exec()).header.revision)).toBe(before);
    expect(await leaseKeys(lease)).toEqual(['/secret/sidecar', key]);

    // Inside the scope it goes through.
    const own = await grantLease();
    const mine = await putInstance('pay', 'i2', own);
    await direct.put('/services/pay/i2-extra').value('x').lease(own).exec();
    const ok = await deleteInstance('pay', 'i2', operator);
    expect(ok.status).toBe(200);
    expect(ok.body.removedKeys).toEqual([mine, '/services/pay/i2-extra']);
    expect(await leaseKeys(own)).toBeNull();
  });

  it('never names keys the caller may not read', async () => {
    const token = await tokenFor('everything', 'operator', ['/']);
    const lease = await grantLease();
    const key = await putInstance('wide', 'w1', lease);
    await direct.put('/_console/leased').value('x').lease(lease).exec();
    const res = await deleteInstance('wide', 'w1', token);
    expect(res.status).toBe(200);
    expect(res.body.removedKeys).toEqual([key]);
  });
});

describe('a mutation whose audit write fails leaves no change behind', () => {
  const ROOT_PW = 'root-pw';
  const CONSOLE_PW = 'console-pw';

  beforeAll(async () => {
    // The console's etcd user may read and write everything except the audit trail.
    const auth = direct.auth;
    await auth.roleAdd({ name: 'console' });
    const grant = (key: Buffer, end: Buffer) =>
      auth.roleGrantPermission({ name: 'console', perm: { permType: 'Readwrite', key, range_end: end } });
    await grant(Buffer.from([0]), Buffer.from('/_console/audit/'));
    await grant(Buffer.from('/_console/audit0'), Buffer.from([0]));
    await auth.userAdd({ name: 'console', password: CONSOLE_PW });
    await auth.userGrantRole({ user: 'console', role: 'console' });
    await auth.userAdd({ name: 'root', password: ROOT_PW });
    await auth.userGrantRole({ user: 'root', role: 'root' });
    await auth.authEnable();
    direct = connectEtcd({ endpoints: etcd.endpoints, username: 'root', password: ROOT_PW });
    clients.push(direct);
    useConsoleEtcd(etcd.endpoints, { ETCD_USERNAME: 'console', ETCD_PASSWORD: CONSOLE_PW });
  });
  afterAll(() => {
    delete process.env.ETCD_USERNAME;
    delete process.env.ETCD_PASSWORD;
  });

  it('drain, deregister, command create, token create and lease revoke each fail and change nothing', async () => {
    const leased = await grantLease();
    const drained = await putInstance('web', 'f1', leased);
    const plain = await putInstance('web', 'f2');
    const other = await grantLease();
    await direct.put('/leased/f').value('v').lease(other).exec();
    const snapshot = async () => ({
      instances: [await direct.get(drained).string(), await direct.get(plain).string()],
      leases: [await leaseKeys(leased), await leaseKeys(other)],
      commands: Object.keys(await direct.getAll().prefix('/commands/').strings()).sort(),
      tokens: Object.keys(await direct.getAll().prefix('/_console/tokens/').strings()).sort(),
      audits: (await audits()).length,
      revision: Number((await direct.get('/').exec()).header.revision),
    });
    const before = await snapshot();
    expect(before.leases).toEqual([[drained], ['/leased/f']]);

    const answers = {
      drain: await patchInstance('web', 'f1', { status: 'draining' }),
      deregisterLeased: await deleteInstance('web', 'f1'),
      deregisterPlain: await deleteInstance('web', 'f2'),
      command: await createCommand('push'),
      token: await call(tokensRoute.POST, '/api/v1/tokens', {
        method: 'POST',
        body: { name: 'never', role: 'viewer' },
      }),
      revoke: await revokeLease(other),
    };
    for (const [what, answer] of Object.entries(answers)) {
      expect(answer.status, what).toBeGreaterThanOrEqual(400);
    }
    // Attempted-first changes answer 503: the record could not be written, so nothing was tried.
    expect(answers.deregisterLeased.status).toBe(503);
    expect(answers.revoke.status).toBe(503);
    expect(await snapshot()).toEqual(before);
    expect(unaudited.mock.calls.some((c) => /audit record refused/.test(String(c[1])))).toBe(true);
  });
});
