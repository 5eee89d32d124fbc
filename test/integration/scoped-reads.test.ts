// Scoped reads on a real etcd: a caller scoped to prefixes sees, in every read route of the registry, dispatch,
// subscribers, leases, cluster space, overview and audit, only what it may read, and nothing outside leaks —
// not in lists, counts, cursors or errors.

import { type RegisteredInstance, registerInstance } from '@etcd-console/sdk/registry';
import { reportTask, type TaskReport } from '@etcd-console/sdk/worker';
import bcrypt from 'bcryptjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resetConsoleClient, useConsoleEtcd } from '../helpers/console-env';
import { startTestEtcd, type TestEtcd } from '../helpers/etcd';

const NS = '/ns';
const ORIGIN = 'http://console.test';
const SECRET = 'scoped-reads-test-session-secret-0123456789';
const PAM_SCOPES = ['/config/payments/', '/services/pay/', '/commands/payments/', '/workers/payments/'];

type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
type Answer = {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: tests read whatever JSON the route answered
  body: any;
  text: string;
};

let etcd: TestEtcd;
const auth: Record<string, Record<string, string>> = {};
const instances: RegisteredInstance[] = [];
const reports: TaskReport[] = [];
const commandIds: Record<'pay1' | 'push1' | 'pay2' | 'push2', string> = {
  pay1: '',
  push1: '',
  pay2: '',
  push2: '',
};
const leases: Record<'pay' | 'secret' | 'mixed' | 'outside', string> = {
  pay: '',
  secret: '',
  mixed: '',
  outside: '',
};

// biome-ignore lint/suspicious/noExplicitAny: route modules are imported once the environment is set
const routes: Record<string, any> = {};

async function call(
  handler: Handler,
  path: string,
  who: Record<string, string>,
  params: Record<string, string> = {},
  init: { method?: string; body?: unknown } = {},
): Promise<Answer> {
  const headers: Record<string, string> = { host: 'console.test', ...who };
  if (init.body !== undefined) {
    headers['content-type'] = 'application/json';
    headers.origin = ORIGIN;
  }
  const res = await handler(
    new Request(`${ORIGIN}${path}`, {
      method: init.method ?? 'GET',
      headers,
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    }),
    { params: Promise.resolve(params) },
  );
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null, text };
}

/** None of `words` appears anywhere in the answer's raw text. */
function expectNoLeak(answer: Answer, words: string[]): void {
  for (const word of words)
    expect(answer.text.toLowerCase(), `"${word}" in ${answer.text}`).not.toContain(word);
}

beforeAll(async () => {
  etcd = await startTestEtcd();
  const hash = bcrypt.hashSync('pw', 4);
  useConsoleEtcd(etcd.endpoints, {
    ETCD_PREFIX: NS,
    CONSOLE_SESSION_SECRET: SECRET,
    CONSOLE_USERS: JSON.stringify([
      { name: 'ada', passwordHash: hash, role: 'admin' },
      { name: 'pam', passwordHash: hash, role: 'viewer', prefixes: PAM_SCOPES },
    ]),
  });
  (await import('@/lib/auth/auth-config')).resetAuthConfig();
  Object.assign(routes, {
    login: await import('@/app/api/v1/auth/login/route'),
    kvItem: await import('@/app/api/v1/kv/item/route'),
    services: await import('@/app/api/v1/services/route'),
    service: await import('@/app/api/v1/services/[name]/route'),
    pick: await import('@/app/api/v1/services/[name]/pick/route'),
    timeline: await import('@/app/api/v1/services/[name]/timeline/route'),
    commands: await import('@/app/api/v1/commands/route'),
    command: await import('@/app/api/v1/commands/[id]/route'),
    workers: await import('@/app/api/v1/workers/route'),
    tasks: await import('@/app/api/v1/tasks/route'),
    task: await import('@/app/api/v1/tasks/[id]/route'),
    subscribers: await import('@/app/api/v1/subscribers/route'),
    propagation: await import('@/app/api/v1/subscribers/propagation/route'),
    leases: await import('@/app/api/v1/leases/route'),
    lease: await import('@/app/api/v1/leases/[id]/route'),
    space: await import('@/app/api/v1/cluster/space/route'),
    overview: await import('@/app/api/v1/overview/route'),
    audit: await import('@/app/api/v1/audit/route'),
    auditExport: await import('@/app/api/v1/audit/export/route'),
  });

  // Sessions for ada and pam (pam's login leaves a record of its own), tokens for the narrower viewers.
  for (const name of ['ada', 'pam']) {
    const res = await routes.login.POST(
      new Request(`${ORIGIN}/api/v1/auth/login`, {
        method: 'POST',
        headers: {
          host: 'console.test',
          origin: ORIGIN,
          'content-type': 'application/json',
          'x-forwarded-for': '10.1.2.3',
        },
        body: JSON.stringify({ username: name, password: 'pw' }),
      }),
      { params: Promise.resolve({}) },
    );
    expect(res.status).toBe(200);
    auth[name] = { cookie: res.headers.get('set-cookie')!.split(';')[0]! };
  }
  const { createToken } = await import('@/lib/auth/tokens');
  const token = async (name: string, prefixes: string[]) => ({
    authorization: `Bearer ${(await createToken({ name, role: 'viewer', prefixes, expiresInDays: 1 }, 'test')).token}`,
  });
  auth.cory = await token('cory', ['/config/payments/']);
  auth.ivy = await token('ivy', ['/services/pay/p1']);
  auth.tom = await token('tom', ['/tasks/pay-']);

  // Keys written through the API as the admin: each leaves an audit record.
  for (const [key, value] of [
    ['/config/payments/a', 'pay-value'],
    ['/secret/b', 'secret-value'],
    ['/config/other/x', 'other-value'],
  ]) {
    const res = await call(
      routes.kvItem.PUT,
      '/api/v1/kv/item',
      auth.ada!,
      {},
      {
        method: 'PUT',
        body: { key, value, expectedModRevision: 0 },
      },
    );
    expect(res.status).toBe(200);
  }

  // Leases: one on a visible key, one on a hidden key, one on both, one on a key outside the namespace.
  const grant = async () => (await etcd.client.leaseClient.leaseGrant({ TTL: 120, ID: 0 })).ID;
  leases.pay = await grant();
  leases.secret = await grant();
  leases.mixed = await grant();
  leases.outside = await grant();
  await etcd.client.put(`${NS}/config/payments/a`).value('pay-value').lease(leases.pay).exec();
  await etcd.client.put(`${NS}/secret/b`).value('secret-value').lease(leases.secret).exec();
  await etcd.client.put(`${NS}/config/payments/shared`).value('v').lease(leases.mixed).exec();
  await etcd.client.put(`${NS}/secret/shared`).value('v').lease(leases.mixed).exec();
  await etcd.client.put('/elsewhere/secret-out').value('v').lease(leases.outside).exec();

  // Services: pay (two instances) and secret-svc.
  const register = async (service: string, id: string) => {
    instances.push(
      await registerInstance({
        service,
        id,
        address: '10.0.0.1',
        port: 8000,
        ttl: 30,
        handleSignals: false,
        prefix: NS,
        etcd: { endpoints: etcd.endpoints },
      }),
    );
  };
  await register('pay', 'p1');
  await register('pay', 'p2');
  await register('secret-svc', 's1');

  // Workers (registrations written as a worker would), then commands to both groups, interleaved in time.
  const now = new Date().toISOString();
  const worker = (group: string, id: string, hostname: string) =>
    etcd.client
      .put(`${NS}/workers/${group}/${id}`)
      .value(
        JSON.stringify({ id, group, hostname, pid: 1, capacity: 1, version: '1', types: [], startedAt: now }),
      )
      .exec();
  await worker('payments', 'w1', 'pay-host');
  await worker('push', 'w-push', 'secret-host');
  for (const [name, group] of [
    ['pay1', 'payments'],
    ['push1', 'push'],
    ['pay2', 'payments'],
    ['push2', 'push'],
  ] as const) {
    const res = await call(
      routes.commands.POST,
      '/api/v1/commands',
      auth.ada!,
      {},
      {
        method: 'POST',
        body: { group, type: group === 'push' ? 'secret-push' : 'charge', mode: 'any', payload: { name } },
      },
    );
    expect(res.status).toBe(201);
    commandIds[name] = res.body.id;
    await new Promise((r) => setTimeout(r, 5)); // ids sort by time
  }
  // The payments worker runs pay1, with live progress.
  await etcd.client
    .put(`${NS}/workers/payments/w1`)
    .value(
      JSON.stringify({
        id: 'w1',
        group: 'payments',
        hostname: 'pay-host',
        pid: 1,
        startedAt: now,
        running: [{ commandId: commandIds.pay1, type: 'charge', slot: '_any', attempt: 1, since: now }],
      }),
    )
    .exec();
  await etcd.client
    .put(`${NS}/commands/payments/${commandIds.pay1}/runs/_any/progress`)
    .value(JSON.stringify({ workerId: 'w1', attempt: 1, percent: 40, message: 'charging', updatedAt: now }))
    .exec();

  // Work reports.
  const task = (name: string, id: string) =>
    reportTask({ name, id, client: etcd.client, prefix: NS, ttlSeconds: 60 });
  const payTask = await task('pay report', 'pay-task');
  reports.push(payTask, await payTask.subtask('pay sub', { id: 'pay-sub' }));
  reports.push(await payTask.subtask('hidden sub', { id: 'hidden-sub' }));
  reports.push(await task('secret report', 'secret-task'));

  // Config subscribers' status entries (as the SDK publishes them).
  const status = (app: string, prefix: string, extra: Record<string, unknown> = {}) =>
    etcd.client
      .put(`${NS}/subscribers/${app}/i1`)
      .value(
        JSON.stringify({
          app,
          instance: 'i1',
          host: 'h1',
          pid: 1,
          sdkVersion: '1',
          prefix,
          appliedRevision: 1_000_000,
          appliedAt: now,
          startedAt: now,
          updatedAt: now,
          ...extra,
        }),
      )
      .exec();
  await status('payments-app', '/config/payments/');
  await status('secret-app', '/secret/', {
    lastError: { key: '/secret/b', revision: 5, message: 'bad secret value', at: now },
    failedKeys: ['/secret/b'],
  });
  await status('wide-app', '/config/', {
    lastError: { key: '/config/secret-x', revision: 5, message: 'cannot parse secret-x', at: now },
    failedKeys: ['/config/payments/a', '/config/secret-x'],
  });
  await status('handler-app', '/', {
    lastError: { revision: 999_999, message: 'boom while applying /secret/b', at: now },
  });
}, 60_000);

afterAll(async () => {
  await Promise.all(reports.map((r) => r.done().catch(() => {})));
  await Promise.all(instances.map((i) => i.close()));
  resetConsoleClient();
  delete process.env.CONSOLE_USERS;
  delete process.env.CONSOLE_SESSION_SECRET;
  delete process.env.ETCD_PREFIX;
  (await import('@/lib/auth/auth-config')).resetAuthConfig();
  await etcd?.destroy();
});

const HIDDEN_FROM_PAM = ['secret', 'push', 'other', 'hidden-sub', 'hidden sub'];
const HIDDEN_FROM_CORY = [
  'secret',
  'push',
  'other',
  'hidden-sub',
  'hidden sub',
  '/services/',
  'w1',
  'pay-task',
  '"pay"',
];

describe('services', () => {
  it('lists and counts only visible instances', async () => {
    const admin = await call(routes.services.GET, '/api/v1/services', auth.ada!);
    expect(admin.body.services.map((s: { name: string }) => s.name)).toEqual(['pay', 'secret-svc']);

    const pam = await call(routes.services.GET, '/api/v1/services?ttl=true', auth.pam!);
    expect(pam.status).toBe(200);
    expect(pam.body.services).toEqual([expect.objectContaining({ name: 'pay', instances: 2, up: 2 })]);
    expectNoLeak(pam, HIDDEN_FROM_PAM);

    const ivy = await call(routes.services.GET, '/api/v1/services', auth.ivy!);
    expect(ivy.body.services).toEqual([
      { name: 'pay', layout: 'console', instances: 1, up: 1, draining: 0, invalid: 0 },
    ]);

    const cory = await call(routes.services.GET, '/api/v1/services', auth.cory!);
    expect(cory.body.services).toEqual([]);
  });

  it('answers one service, pick and timeline with visible instances, and 404 like a missing service', async () => {
    const detail = await call(routes.service.GET, '/api/v1/services/pay', auth.pam!, { name: 'pay' });
    expect(detail.status).toBe(200);
    expect(detail.body.instances.map((i: { id: string }) => i.id)).toEqual(['p1', 'p2']);
    const ivy = await call(routes.service.GET, '/api/v1/services/pay', auth.ivy!, { name: 'pay' });
    expect(ivy.body.instances.map((i: { id: string }) => i.id)).toEqual(['p1']);
    const picked = await call(routes.pick.GET, '/api/v1/services/pay/pick', auth.ivy!, { name: 'pay' });
    expect(picked.body.instance.id).toBe('p1');
    const timeline = await call(routes.timeline.GET, '/api/v1/services/pay/timeline', auth.ivy!, {
      name: 'pay',
    });
    expect(timeline.status).toBe(200);
    expect(timeline.body.instances.map((i: { id: string }) => i.id)).toEqual(['p1']);
    expect(timeline.text).not.toContain('p2');

    // Hidden and absent services answer alike: 404 with the same message shape.
    for (const [handler, suffix] of [
      [routes.service.GET, ''],
      [routes.pick.GET, '/pick'],
      [routes.timeline.GET, '/timeline'],
    ] as const) {
      const hidden = await call(handler, `/api/v1/services/secret-svc${suffix}`, auth.pam!, {
        name: 'secret-svc',
      });
      const absent = await call(handler, `/api/v1/services/nosuch${suffix}`, auth.pam!, { name: 'nosuch' });
      expect([hidden.status, absent.status]).toEqual([404, 404]);
      expect(hidden.body.error.message.replace('secret-svc', 'X')).toBe(
        absent.body.error.message.replace('nosuch', 'X'),
      );
      const corySees = await call(handler, `/api/v1/services/pay${suffix}`, auth.cory!, { name: 'pay' });
      expect(corySees.status).toBe(404);
    }
    // The admin still sees both, and an empty service stays a 200 / 503 for it.
    expect(
      (await call(routes.service.GET, '/api/v1/services/nosuch', auth.ada!, { name: 'nosuch' })).status,
    ).toBe(200);
    expect(
      (await call(routes.pick.GET, '/api/v1/services/nosuch/pick', auth.ada!, { name: 'nosuch' })).status,
    ).toBe(503);
  });
});

describe('commands, workers and tasks', () => {
  it('lists visible commands only, and pages over them alone', async () => {
    const admin = await call(routes.commands.GET, '/api/v1/commands', auth.ada!);
    expect(admin.body.commands).toHaveLength(4);

    const pam = await call(routes.commands.GET, '/api/v1/commands', auth.pam!);
    expect(pam.body.commands.map((c: { id: string }) => c.id)).toEqual([commandIds.pay2, commandIds.pay1]);
    expectNoLeak(pam, HIDDEN_FROM_PAM);

    const first = await call(routes.commands.GET, '/api/v1/commands?limit=1', auth.pam!);
    expect(first.body.commands.map((c: { id: string }) => c.id)).toEqual([commandIds.pay2]);
    expect(first.body.nextCursor).toBe(commandIds.pay2);
    const second = await call(
      routes.commands.GET,
      `/api/v1/commands?limit=1&cursor=${first.body.nextCursor}`,
      auth.pam!,
    );
    expect(second.body.commands.map((c: { id: string }) => c.id)).toEqual([commandIds.pay1]);
    expect(second.body.nextCursor).toBeNull();

    const pushGroup = await call(routes.commands.GET, '/api/v1/commands?group=push', auth.pam!);
    expect(pushGroup.body.commands).toEqual([]);
    const cory = await call(routes.commands.GET, '/api/v1/commands', auth.cory!);
    expect(cory.body).toMatchObject({ commands: [], nextCursor: null });
  });

  it('answers one command, 404 for a hidden one exactly as for a missing one', async () => {
    const pay = await call(routes.command.GET, `/api/v1/commands/${commandIds.pay1}`, auth.pam!, {
      id: commandIds.pay1,
    });
    expect(pay.status).toBe(200);
    expect(pay.body).toMatchObject({ group: 'payments', type: 'charge' });
    const hidden = await call(routes.command.GET, `/api/v1/commands/${commandIds.push1}`, auth.pam!, {
      id: commandIds.push1,
    });
    const absent = await call(routes.command.GET, '/api/v1/commands/zzzzzzzzz-0000000000', auth.pam!, {
      id: 'zzzzzzzzz-0000000000',
    });
    expect([hidden.status, absent.status]).toEqual([404, 404]);
    expect(hidden.body.error.message.replace(commandIds.push1, 'X')).toBe(
      absent.body.error.message.replace('zzzzzzzzz-0000000000', 'X'),
    );
    expectNoLeak(hidden, ['secret', 'push"', 'group']);
    const cory = await call(routes.command.GET, `/api/v1/commands/${commandIds.pay1}`, auth.cory!, {
      id: commandIds.pay1,
    });
    expect(cory.status).toBe(404);
  });

  it('lists visible workers, with progress only of visible commands', async () => {
    const pam = await call(routes.workers.GET, '/api/v1/workers', auth.pam!);
    expect(pam.body.groups).toHaveLength(1);
    expect(pam.body.groups[0]).toMatchObject({ group: 'payments', workers: [{ id: 'w1' }] });
    expect(pam.body.groups[0].workers[0].running[0]).toMatchObject({ percent: 40, message: 'charging' });
    expectNoLeak(pam, HIDDEN_FROM_PAM);
    expect((await call(routes.workers.GET, '/api/v1/workers?group=push', auth.pam!)).body.groups).toEqual([]);
    expect((await call(routes.workers.GET, '/api/v1/workers', auth.cory!)).body.groups).toEqual([]);
  });

  it('lists visible work reports, with visible children only', async () => {
    const tom = await call(routes.tasks.GET, '/api/v1/tasks', auth.tom!);
    const shown = new Map(tom.body.tasks.map((t: { id: string }) => [t.id, t]));
    expect([...shown.keys()].sort()).toEqual(['pay-sub', 'pay-task']);
    expect(shown.get('pay-task')).toMatchObject({ children: ['pay-sub'] });
    expectNoLeak(tom, ['secret', 'hidden-sub', 'hidden sub']);
    expect((await call(routes.task.GET, '/api/v1/tasks/pay-sub', auth.tom!, { id: 'pay-sub' })).status).toBe(
      200,
    );
    for (const id of ['secret-task', 'hidden-sub', 'never-was']) {
      const res = await call(routes.task.GET, `/api/v1/tasks/${id}`, auth.tom!, { id });
      expect(res.status).toBe(404);
    }
    expect((await call(routes.tasks.GET, '/api/v1/tasks', auth.pam!)).body.tasks).toEqual([]);
    expect(
      (await call(routes.task.GET, '/api/v1/tasks/pay-task', auth.pam!, { id: 'pay-task' })).status,
    ).toBe(404);
    const admin = await call(routes.tasks.GET, '/api/v1/tasks', auth.ada!);
    expect(admin.body.tasks).toHaveLength(4);
  });
});

describe('subscribers', () => {
  it('answers 403 for a prefix the caller may read nothing of', async () => {
    for (const prefix of ['/secret/', '/services/']) {
      const res = await call(routes.subscribers.GET, `/api/v1/subscribers?prefix=${prefix}`, auth.cory!);
      expect(res.status).toBe(403);
      expectNoLeak(res, ['secret-app', 'bad secret']);
    }
    const key = await call(
      routes.propagation.GET,
      '/api/v1/subscribers/propagation?key=/secret/b',
      auth.pam!,
    );
    expect(key.status).toBe(403);
  });

  it('lists the subscribers covering a readable prefix, redacted to the scope', async () => {
    const pam = await call(routes.subscribers.GET, '/api/v1/subscribers?prefix=/config/payments/', auth.pam!);
    expect(pam.status).toBe(200);
    const byApp = new Map(pam.body.subscribers.map((s: { app: string }) => [s.app, s]));
    expect([...byApp.keys()].sort()).toEqual(['handler-app', 'payments-app', 'wide-app']);
    expect(byApp.get('payments-app')).toMatchObject({ prefix: '/config/payments/', coverage: 'full' });
    expect(byApp.get('payments-app')).not.toHaveProperty('redacted');
    expect(byApp.get('wide-app')).toMatchObject({
      prefix: '/config/payments/',
      redacted: true,
      failedKeys: ['/config/payments/a'],
      lag: { state: 'applied' },
    });
    expect(byApp.get('wide-app')).not.toHaveProperty('lastError');
    expect(byApp.get('handler-app')).toMatchObject({ prefix: '/config/payments/', lag: { state: 'error' } });
    expectNoLeak(pam, HIDDEN_FROM_PAM);

    const everyone = await call(routes.subscribers.GET, '/api/v1/subscribers', auth.pam!);
    expect(everyone.body.subscribers.map((s: { app: string }) => s.app).sort()).toEqual([
      'handler-app',
      'payments-app',
      'wide-app',
    ]);
    expectNoLeak(everyone, HIDDEN_FROM_PAM);

    const admin = await call(routes.subscribers.GET, '/api/v1/subscribers', auth.ada!);
    expect(admin.body.subscribers).toHaveLength(4);
    expect(admin.text).toContain('boom while applying /secret/b');
  });

  it('tells the propagation of a readable key without naming hidden keys', async () => {
    const pam = await call(
      routes.propagation.GET,
      '/api/v1/subscribers/propagation?key=/config/payments/a',
      auth.pam!,
    );
    expect(pam.status).toBe(200);
    expect(pam.body.errored.map((e: { app: string }) => e.app).sort()).toEqual(['handler-app', 'wide-app']);
    expect(pam.body.applied.map((e: { app: string }) => e.app)).toEqual(['payments-app']);
    const handler = pam.body.errored.find((e: { app: string }) => e.app === 'handler-app');
    expect(handler.error.message).toMatch(/message is hidden/);
    expectNoLeak(pam, HIDDEN_FROM_PAM);
    const admin = await call(
      routes.propagation.GET,
      '/api/v1/subscribers/propagation?key=/config/payments/a',
      auth.ada!,
    );
    expect(admin.text).toContain('boom while applying /secret/b');
  });
});

describe('leases', () => {
  it('lists leases holding visible keys, counting those keys only', async () => {
    const pam = await call(routes.leases.GET, '/api/v1/leases', auth.pam!);
    expect(pam.status).toBe(200);
    const byId = new Map(pam.body.leases.map((l: { id: string }) => [l.id, l]));
    expect(byId.get(leases.pay)).toMatchObject({ keyCount: 1, sampleKeys: [{ key: '/config/payments/a' }] });
    expect(byId.get(leases.mixed)).toMatchObject({
      keyCount: 1,
      sampleKeys: [{ key: '/config/payments/shared' }],
    });
    expect(byId.has(leases.secret)).toBe(false);
    expect(byId.has(leases.outside)).toBe(false);
    // The service instances of pay are visible to pam; secret-svc's are not.
    expect(
      pam.body.leases.filter((l: { sampleKeys: Array<{ key: string }> }) =>
        l.sampleKeys[0]!.key.startsWith('/services/'),
      ),
    ).toHaveLength(2);
    expect(pam.body.total).toBe(pam.body.leases.length);
    expectNoLeak(pam, HIDDEN_FROM_PAM);

    const cory = await call(routes.leases.GET, '/api/v1/leases', auth.cory!);
    expect(cory.body.leases.map((l: { id: string }) => l.id).sort()).toEqual(
      [leases.pay, leases.mixed].sort(),
    );
    expectNoLeak(cory, HIDDEN_FROM_CORY);

    const admin = await call(routes.leases.GET, '/api/v1/leases', auth.ada!);
    expect(admin.body.leases.map((l: { id: string }) => l.id)).toEqual(
      expect.arrayContaining([leases.secret, leases.outside]),
    );
  });

  it('pages a bounded number of leases per request, with an opaque cursor for a scoped caller', async () => {
    const all = (await call(routes.leases.GET, '/api/v1/leases', auth.ada!)).body.leases.length as number;
    const seen: string[] = [];
    let after: string | null = null;
    let requests = 0;
    do {
      const page: Answer = await call(
        routes.leases.GET,
        `/api/v1/leases?limit=2${after ? `&after=${encodeURIComponent(after)}` : ''}`,
        auth.cory!,
      );
      expect(page.status).toBe(200);
      expect(page.body.leases.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.leases.map((l: { id: string }) => l.id));
      after = page.body.nextAfter;
      if (after) expect(after).toMatch(/^c1\./);
      requests++;
    } while (after && requests < 20);
    expect(requests).toBe(Math.ceil(all / 2));
    expect(seen.sort()).toEqual([leases.pay, leases.mixed].sort());
    expect((await call(routes.leases.GET, '/api/v1/leases?limit=501', auth.ada!)).status).toBe(400);
    expect((await call(routes.leases.GET, '/api/v1/leases?after=c1.forged', auth.cory!)).status).toBe(400);
  });

  it('shows one lease with visible keys, and 404 for one holding none', async () => {
    const mixed = await call(routes.lease.GET, `/api/v1/leases/${leases.mixed}`, auth.pam!, {
      id: leases.mixed,
    });
    expect(mixed.body.keys).toEqual([{ key: '/config/payments/shared', encoding: 'utf8', inKeyspace: true }]);
    for (const id of [leases.secret, leases.outside, '123456789012345678']) {
      const res = await call(routes.lease.GET, `/api/v1/leases/${id}`, auth.pam!, { id });
      expect(res.status).toBe(404);
      expectNoLeak(res, HIDDEN_FROM_PAM);
    }
  });
});

describe('space and overview', () => {
  const readableCount = async (prefixes: string[]) => {
    let n = 0;
    for (const p of prefixes) n += await etcd.client.getAll().prefix(`${NS}${p}`).count();
    return n;
  };

  it('sizes only the readable parts of the keyspace', async () => {
    const pam = await call(routes.space.GET, '/api/v1/cluster/space', auth.pam!);
    expect(pam.status).toBe(200);
    const expected = await readableCount(PAM_SCOPES);
    expect(pam.body.totalKeys).toBe(expected);
    expect(pam.body.scannedKeys).toBe(expected);
    expect(pam.body.prefixes.reduce((n: number, g: { keys: number }) => n + g.keys, 0)).toBe(expected);
    expectNoLeak(pam, ['elsewhere', '_console']);

    const admin = await call(routes.space.GET, '/api/v1/cluster/space', auth.ada!);
    expect(admin.body.totalKeys).toBeGreaterThan(expected);
    expect(admin.text).toContain('/elsewhere/');
  });

  it('counts keys, instances and workers the caller may read', async () => {
    const pam = await call(routes.overview.GET, '/api/v1/overview', auth.pam!);
    expect(pam.body).toMatchObject({
      keyCount: await readableCount(PAM_SCOPES),
      instanceCount: 2,
      workerCount: 1,
    });
    const cory = await call(routes.overview.GET, '/api/v1/overview', auth.cory!);
    expect(cory.body).toMatchObject({
      keyCount: await readableCount(['/config/payments/']),
      instanceCount: 0,
      workerCount: 0,
    });
  });
});

describe('audit', () => {
  it('shows a scoped caller only records of keys it may read, and its own', async () => {
    const pam = await call(routes.audit.GET, '/api/v1/audit', auth.pam!);
    expect(pam.status).toBe(200);
    const mine = pam.body.entries.map((e: { actor: string; action: string; targets: string[] }) => [
      e.actor,
      e.action,
      e.targets.join(','),
    ]);
    expect(mine).toEqual(
      expect.arrayContaining([
        ['ada', 'kv.put', '/config/payments/a'],
        ['pam', 'auth.login', ''],
      ]),
    );
    for (const [actor, , targets] of mine) {
      if (!targets) expect(actor).toBe('pam');
      else for (const t of targets.split(',')) expect(PAM_SCOPES.some((p) => t.startsWith(p))).toBe(true);
    }
    expectNoLeak(pam, HIDDEN_FROM_PAM);
    expect(pam.body.scanned).toBe(pam.body.entries.length);

    const cory = await call(routes.audit.GET, '/api/v1/audit', auth.cory!);
    expect(cory.body.entries.map((e: { targets: string[] }) => e.targets)).toEqual([['/config/payments/a']]);
    const exported = await call(routes.auditExport.GET, '/api/v1/audit/export', auth.cory!);
    expect(exported.body.entries).toEqual(cory.body.entries);
    expectNoLeak(exported, HIDDEN_FROM_CORY);

    const admin = await call(routes.audit.GET, '/api/v1/audit', auth.ada!);
    expect(admin.text).toContain('/secret/b');
  });

  it('pages with cursors that neither skip records nor name hidden ones', async () => {
    for (const who of ['pam', 'ada'] as const) {
      const whole = (await call(routes.audit.GET, '/api/v1/audit', auth[who]!)).body.entries;
      const paged: unknown[] = [];
      let cursor: string | null = null;
      for (let i = 0; i < 50; i++) {
        const page: Answer = await call(
          routes.audit.GET,
          `/api/v1/audit?limit=1${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
          auth[who]!,
        );
        expect(page.status).toBe(200);
        paged.push(...page.body.entries);
        cursor = page.body.nextCursor;
        if (!cursor) break;
        if (who === 'pam') {
          expect(cursor).toMatch(/^c1\./);
          expectNoLeak(page, HIDDEN_FROM_PAM);
        }
      }
      expect(cursor).toBeNull();
      expect(paged).toEqual(whole);
    }
    const forged = await call(routes.audit.GET, '/api/v1/audit?cursor=c1.AAAA', auth.pam!);
    expect(forged.status).toBe(400);
  });

  it('stops after examining 5,000 records and continues from there, skipping no visible record', async () => {
    // 5,100 records pam may not see, older than everything so far, below one pam may see; 600 stamped in the
    // future (a fast clock elsewhere).
    const record = (time: number, i: number, target: string) => ({
      request_put: {
        key: Buffer.from(
          `${NS}/_console/audit/${new Date(time).toISOString()}-${i.toString(16).padStart(8, '0')}`,
        ),
        value: Buffer.from(
          JSON.stringify({
            time: new Date(time).toISOString(),
            actor: 'ada',
            via: 'session',
            action: 'kv.put',
            targets: [target],
            source: 'x',
          }),
        ),
      },
    });
    const now = Date.now();
    const ops = [record(now - 7_200_000, 0, '/config/payments/old')];
    for (let i = 1; i <= 5_100; i++) ops.push(record(now - 3_600_000 + i, i, '/secret/bulk'));
    for (let i = 0; i < 600; i++) ops.push(record(now + 7_200_000 + i, 10_000 + i, '/secret/future'));
    for (let i = 0; i < ops.length; i += 128) await etcd.client.kv.txn({ success: ops.slice(i, i + 128) });

    const first = await call(routes.audit.GET, '/api/v1/audit', auth.pam!);
    expect(first.body.nextCursor).toMatch(/^c1\./);
    expect(first.body.truncated).toBe(true);
    expect(first.body.entries.map((e: { targets: string[] }) => e.targets[0])).not.toContain(
      '/config/payments/old',
    );
    expectNoLeak(first, HIDDEN_FROM_PAM);
    const seen = first.body.entries.map((e: { time: string }) => e.time);
    let cursor: string | null = first.body.nextCursor;
    for (let i = 0; cursor && i < 5; i++) {
      const page: Answer = await call(
        routes.audit.GET,
        `/api/v1/audit?cursor=${encodeURIComponent(cursor)}`,
        auth.pam!,
      );
      expectNoLeak(page, HIDDEN_FROM_PAM);
      seen.push(...page.body.entries.map((e: { time: string }) => e.time));
      cursor = page.body.nextCursor;
    }
    expect(cursor).toBeNull();
    expect(seen).toContain(new Date(now - 7_200_000).toISOString());

    // The admin sees the future records first, newest first.
    const admin = await call(routes.audit.GET, '/api/v1/audit?limit=3', auth.ada!);
    expect(admin.body.entries.map((e: { time: string }) => e.time)).toEqual(
      [599, 598, 597].map((i) => new Date(now + 7_200_000 + i).toISOString()),
    );
  }, 60_000);
});
