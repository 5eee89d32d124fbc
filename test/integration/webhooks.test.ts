// Webhooks on a real etcd with local node:http receivers: signed deliveries within 2 s, retries recorded, one
// delivery per event across two dispatchers ("replicas"), a change never waiting on its receiver, scoped admins.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import bcrypt from 'bcryptjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEND_TIMEOUT_MS } from '@/lib/webhooks/send-delivery';
import { resetConsoleClient, routeContext, useConsoleEtcd } from '../helpers/console-env';
import { startTestEtcd, type TestEtcd } from '../helpers/etcd';
import { gateHeaders } from '../helpers/routes';
import { signIn } from '../helpers/sign-in';

const SECRET = 'webhooks-test-session-secret-0123456789abcdef';
const ORIGIN = 'http://console.test';

type Received = { headers: http.IncomingHttpHeaders; body: string; at: number };
type Receiver = {
  url: string;
  received: Received[];
  /** Answers each request: a status, or null to never answer. */
  answer: (n: number) => number | null;
  close(): Promise<void>;
};

async function startReceiver(answer: Receiver['answer'] = () => 200): Promise<Receiver> {
  const received: Received[] = [];
  const hanging: http.ServerResponse[] = [];
  const receiver = { received, answer } as Receiver;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), at: Date.now() });
      const status = receiver.answer(received.length);
      if (status === null) hanging.push(res);
      else res.writeHead(status).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  receiver.close = async () => {
    for (const res of hanging) res.destroy();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  };
  return receiver;
}

async function until<T>(read: () => Promise<T> | T, ok: (v: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`condition not met; last: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('webhooks', () => {
  let etcd: TestEtcd;
  const cookies: Record<string, string> = {};
  const receivers: Receiver[] = [];
  let dispatchers: Array<import('@/lib/webhooks/dispatcher').WebhookDispatcher> = [];
  let verify: typeof import('@/lib/webhooks/signature').verifySignature;

  async function call(method: string, path: string, who: string, body?: unknown) {
    const file =
      path === '/kv/item'
        ? '@/app/api/v1/kv/item/route'
        : path.endsWith('/deliveries')
          ? '@/app/api/v1/webhooks/[id]/deliveries/route'
          : path.endsWith('/test')
            ? '@/app/api/v1/webhooks/[id]/test/route'
            : path === '/webhooks'
              ? '@/app/api/v1/webhooks/route'
              : '@/app/api/v1/webhooks/[id]/route';
    const handlers = (await import(file)) as Record<string, typeof import('@/app/api/v1/webhooks/route').GET>;
    const id = /^\/webhooks\/([^/]+)/.exec(path)?.[1];
    const headers: Record<string, string> = {
      host: 'console.test',
      origin: ORIGIN,
      cookie: cookies[who]!,
      ...gateHeaders(),
    };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await handlers[method]!(
      new Request(`${ORIGIN}/api/v1${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      }),
      routeContext(id ? { id } : {}),
    );
    return { status: res.status, json: await res.json() };
  }

  async function createEndpoint(
    receiver: Receiver,
    prefix: string,
    events: string[] = ['config.published'],
    who = 'ada',
  ) {
    const res = await call('POST', '/webhooks', who, { url: receiver.url, prefix, events });
    expect(res.status).toBe(201);
    return res.json as { webhook: { id: string; secretHint: string }; secret: string };
  }

  const deliveriesOf = async (id: string) =>
    (await call('GET', `/webhooks/${id}/deliveries`, 'ada')).json.deliveries as Array<{
      id: string;
      event: string;
      status: string;
      attempts: Array<{ code?: number; error?: string }>;
      nextAttemptAt: string | null;
      body: string;
    }>;

  beforeAll(async () => {
    etcd = await startTestEtcd();
    const hash = bcrypt.hashSync('pw', 4);
    useConsoleEtcd(etcd.endpoints, {
      CONSOLE_SESSION_SECRET: SECRET,
      CONSOLE_USERS: JSON.stringify([
        { name: 'ada', passwordHash: hash, role: 'admin' },
        { name: 'sam', passwordHash: hash, role: 'admin', prefixes: ['/config/payments/'] },
      ]),
    });
    (await import('@/lib/auth/auth-config')).resetAuthConfig();
    for (const name of ['ada', 'sam']) cookies[name] = await signIn(name, 'pw', ORIGIN);
    verify = (await import('@/lib/webhooks/signature')).verifySignature;
    // Two "replicas" in one process: two dispatchers with their own replica ids, against the same etcd.
    const { WebhookDispatcher } = await import('@/lib/webhooks/dispatcher');
    const { defaultClusterName } = await import('@/lib/etcd/cluster-context');
    const options = { cluster: defaultClusterName(), backoffMs: 300, stuckAfterMs: 1500, resumeEveryMs: 500 };
    dispatchers = [
      new WebhookDispatcher({ ...options, replica: 'replica-a' }),
      new WebhookDispatcher({ ...options, replica: 'replica-b' }),
    ];
    await Promise.all(dispatchers.map((d) => d.start()));
  });

  afterAll(async () => {
    await Promise.all(dispatchers.map((d) => d.stop()));
    await (await import('@/lib/webhooks/start')).stopWebhooks();
    await Promise.all(receivers.map((r) => r.close()));
    resetConsoleClient();
    delete process.env.CONSOLE_USERS;
    delete process.env.CONSOLE_SESSION_SECRET;
    (await import('@/lib/auth/auth-config')).resetAuthConfig();
    await etcd?.destroy();
  });

  it('delivers a signed config.published for a key put under the prefix within 2 s, once across two replicas', async () => {
    const receiver = await startReceiver();
    receivers.push(receiver);
    const { webhook, secret } = await createEndpoint(receiver, '/config/app/');
    expect(secret).toMatch(/^whsec_/);
    expect(webhook.secretHint).toBe(`…${secret.slice(-4)}`);
    // The secret is never shown again.
    const listed = JSON.stringify((await call('GET', '/webhooks', 'ada')).json);
    expect(listed).toContain(webhook.id);
    expect(listed).not.toContain(secret.slice(6));
    await sleep(300);

    const put = await call('PUT', '/kv/item', 'ada', { key: '/config/app/flag', value: 'on' });
    expect(put.status).toBe(200);
    const started = Date.now();
    const [got] = await until(
      () => receiver.received,
      (r) => r.length >= 1,
      2000,
    );
    expect(got!.at - started).toBeLessThan(2000);
    expect(got!.headers['x-console-event']).toBe('config.published');
    const signature = {
      signature: String(got!.headers['x-console-signature']),
      timestamp: String(got!.headers['x-console-timestamp']),
    };
    expect(verify(secret, signature, got!.body)).toBe(true);
    expect(verify('whsec_wrong', signature, got!.body)).toBe(false);
    expect(verify(secret, signature, `${got!.body} `)).toBe(false);
    const payload = JSON.parse(got!.body);
    expect(payload.id).toBe(got!.headers['x-console-delivery']);
    expect(payload.revision).toBe(put.json.revision);
    expect(payload.data.changes).toEqual([{ key: '/config/app/flag', type: 'put' }]);
    expect(payload.data.publishedBy).toMatchObject({ actor: 'ada', action: 'kv.put' });

    // A direct etcd write (no audit record) is reported too, without a publisher; the console's keys never are.
    await etcd.client.put('/config/app/other').value('x');
    await until(
      () => receiver.received,
      (r) => r.length >= 2,
      2000,
    );
    expect(JSON.parse(receiver.received[1]!.body).data.publishedBy).toBeNull();
    await sleep(800);
    // Both replicas saw both changes; each was sent once.
    expect(receiver.received).toHaveLength(2);
    const records = await deliveriesOf(webhook.id);
    expect(records.map((d) => d.status)).toEqual(['delivered', 'delivered']);
  });

  it('retries a failing receiver with backoff and records each failed attempt, then the success', async () => {
    const receiver = await startReceiver((n) => (n <= 2 ? 500 : 200));
    receivers.push(receiver);
    const { webhook } = await createEndpoint(receiver, '/config/retry/');
    await sleep(300);
    await call('PUT', '/kv/item', 'ada', { key: '/config/retry/x', value: '1' });
    const [record] = await until(
      () => deliveriesOf(webhook.id),
      (d) => d[0]?.status === 'delivered',
      8000,
    );
    expect(record!.attempts.map((a) => a.code)).toEqual([500, 500, 200]);
    expect(record!.attempts[0]!.error).toBe('HTTP 500');
    expect(receiver.received).toHaveLength(3);
    // The same delivery id, signed afresh, every attempt.
    expect(new Set(receiver.received.map((r) => r.headers['x-console-delivery'])).size).toBe(1);
    // Backoff: the second retry waited about twice as long as the first.
    const [a, b, c] = receiver.received.map((r) => r.at);
    expect(b! - a!).toBeGreaterThanOrEqual(250);
    expect(c! - b!).toBeGreaterThanOrEqual(550);
  });

  it('never makes the change wait for its receiver: the PUT answers while the receiver hangs', async () => {
    const receiver = await startReceiver(() => null);
    receivers.push(receiver);
    const { webhook } = await createEndpoint(receiver, '/config/slow/');
    await sleep(300);
    const started = Date.now();
    const put = await call('PUT', '/kv/item', 'ada', { key: '/config/slow/x', value: '1' });
    expect(put.status).toBe(200);
    // Had the PUT waited for the hanging receiver, it would have answered only when the attempt timed out.
    expect(Date.now() - started).toBeLessThan(SEND_TIMEOUT_MS);
    await until(
      () => receiver.received,
      (r) => r.length >= 1,
      2000,
    );
    const [pending] = await deliveriesOf(webhook.id);
    expect(pending!.status).toBe('pending');
    // The 5 s timeout ends the attempt; a retry is scheduled.
    const [timedOut] = await until(
      () => deliveriesOf(webhook.id),
      (d) => (d[0]?.attempts.length ?? 0) >= 1,
      8000,
    );
    expect(timedOut!.attempts[0]!.error).toMatch(/no answer within 5 s/);
    expect(timedOut!.nextAttemptAt).not.toBeNull();
    await call('PATCH', `/webhooks/${webhook.id}`, 'ada', { enabled: false });
  });

  it('reports a service losing its last up instance', async () => {
    const receiver = await startReceiver();
    receivers.push(receiver);
    await createEndpoint(receiver, '/services/', ['service.lost-last-healthy']);
    await etcd.client.put('/services/pay/i1').value(JSON.stringify({ address: '10.0.0.1', port: 80 }));
    await etcd.client.put('/services/pay/i2').value(JSON.stringify({ address: '10.0.0.2', port: 80 }));
    await sleep(500);
    await etcd.client.delete().key('/services/pay/i1');
    await sleep(500);
    expect(receiver.received).toHaveLength(0);
    await etcd.client.delete().key('/services/pay/i2');
    const [got] = await until(
      () => receiver.received,
      (r) => r.length >= 1,
      3000,
    );
    expect(got!.headers['x-console-event']).toBe('service.lost-last-healthy');
    expect(JSON.parse(got!.body).data).toMatchObject({
      service: 'pay',
      layout: 'console',
      key: '/services/pay/i2',
    });
    await sleep(500);
    expect(receiver.received).toHaveLength(1);
  });

  it('reports propagation complete, and stuck when a subscriber stays behind', async () => {
    const receiver = await startReceiver();
    receivers.push(receiver);
    await createEndpoint(receiver, '/config/prop/', ['propagation.complete', 'propagation.stuck']);
    const status = (instance: string, appliedRevision: number) =>
      JSON.stringify({
        app: 'billing',
        instance,
        host: 'h',
        pid: 1,
        sdkVersion: 't',
        prefix: '/config/prop/',
        appliedRevision,
        appliedAt: new Date().toISOString(),
        startedAt: new Date().toISOString(),
      });
    await etcd.client.put('/subscribers/billing/a').value(status('a', 1));
    await sleep(300);
    const put = await call('PUT', '/kv/item', 'ada', { key: '/config/prop/limit', value: '5' });
    await sleep(300);
    await etcd.client.put('/subscribers/billing/a').value(status('a', put.json.revision));
    const [complete] = await until(
      () => receiver.received,
      (r) => r.length >= 1,
      3000,
    );
    expect(complete!.headers['x-console-event']).toBe('propagation.complete');
    expect(JSON.parse(complete!.body).data.applied).toEqual([{ app: 'billing', instance: 'a' }]);

    await call('PUT', '/kv/item', 'ada', { key: '/config/prop/limit', value: '6' });
    const [, stuck] = await until(
      () => receiver.received,
      (r) => r.length >= 2,
      4000,
    );
    expect(stuck!.headers['x-console-event']).toBe('propagation.stuck');
    expect(JSON.parse(stuck!.body).data.pending).toMatchObject([{ app: 'billing', instance: 'a' }]);
  });

  it('continues a stopped replica’s retries from the record', async () => {
    const { WebhookDispatcher } = await import('@/lib/webhooks/dispatcher');
    const { defaultClusterName } = await import('@/lib/etcd/cluster-context');
    await Promise.all(dispatchers.map((d) => d.stop()));
    const first = new WebhookDispatcher({
      cluster: defaultClusterName(),
      replica: 'replica-c',
      backoffMs: 2000,
    });
    dispatchers = [first];
    await first.start();
    const receiver = await startReceiver((n) => (n === 1 ? 503 : 200));
    receivers.push(receiver);
    const { webhook } = await createEndpoint(receiver, '/config/handover/');
    await sleep(300);
    await call('PUT', '/kv/item', 'ada', { key: '/config/handover/x', value: '1' });
    const [failed] = await until(
      () => deliveriesOf(webhook.id),
      (d) => (d[0]?.attempts.length ?? 0) >= 1,
      3000,
    );
    expect(failed!.status).toBe('pending');
    // The sender stops (a restart) before its retry is due; another replica continues from the record.
    await first.stop();
    const next = new WebhookDispatcher({
      cluster: defaultClusterName(),
      replica: 'replica-d',
      resumeEveryMs: 300,
    });
    dispatchers = [next];
    await next.start();
    const [done] = await until(
      () => deliveriesOf(webhook.id),
      (d) => d[0]?.status === 'delivered',
      6000,
    );
    expect(done!.id).toBe(failed!.id);
    expect(done!.attempts.map((a) => a.code)).toEqual([503, 200]);
    expect(receiver.received).toHaveLength(2);
  });

  it('sends a test ping, and keeps a scoped admin to endpoints inside their scope', async () => {
    const receiver = await startReceiver();
    receivers.push(receiver);
    const outside = await createEndpoint(receiver, '/config/');
    const inside = await createEndpoint(receiver, '/config/payments/', ['config.published'], 'sam');
    const ping = await call('POST', `/webhooks/${inside.webhook.id}/test`, 'sam');
    expect(ping.status).toBe(202);
    const [got] = await until(
      () => receiver.received,
      (r) => r.length >= 1,
      3000,
    );
    expect(got!.headers['x-console-event']).toBe('ping');

    const seen = (await call('GET', '/webhooks', 'sam')).json.webhooks.map((w: { id: string }) => w.id);
    expect(seen).toEqual([inside.webhook.id]);
    for (const [method, path] of [
      ['GET', `/webhooks/${outside.webhook.id}`],
      ['GET', `/webhooks/${outside.webhook.id}/deliveries`],
      ['PATCH', `/webhooks/${outside.webhook.id}`],
      ['DELETE', `/webhooks/${outside.webhook.id}`],
      ['POST', `/webhooks/${outside.webhook.id}/test`],
    ] as const) {
      const res = await call(method, path, 'sam', method === 'PATCH' ? { enabled: false } : undefined);
      expect(res.status, `${method} ${path}`).toBe(404);
    }
    const wider = await call('POST', '/webhooks', 'sam', {
      url: receiver.url,
      prefix: '/config/',
      events: ['config.published'],
    });
    expect(wider.status).toBe(403);
    const moved = await call('PATCH', `/webhooks/${inside.webhook.id}`, 'sam', { prefix: '/' });
    expect(moved.status).toBe(403);
    // Bad input is a clear 400.
    for (const body of [
      { url: 'ftp://x', prefix: '/config/payments/', events: ['config.published'] },
      { url: receiver.url, prefix: '/config/payments/', events: [] },
      { url: receiver.url, prefix: '/_console/', events: ['config.published'] },
    ]) {
      expect((await call('POST', '/webhooks', 'ada', body)).status).toBe(400);
    }
    expect((await call('DELETE', `/webhooks/${inside.webhook.id}`, 'sam')).status).toBe(200);
    expect((await call('GET', `/webhooks/${inside.webhook.id}/deliveries`, 'ada')).status).toBe(404);
  });
});
