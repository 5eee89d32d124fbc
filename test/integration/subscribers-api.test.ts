// GET /api/v1/subscribers and /propagation against a real etcd, with subscribers as real child processes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as propagation } from '@/app/api/v1/subscribers/propagation/route';
import { GET as list } from '@/app/api/v1/subscribers/route';
import type { PropagationResponse, SubscribersResponse } from '@/lib/subscribers/schemas';
import { type SubscriberChild, spawnSubscriber } from '../fixtures/subscriber-spawn';
import { resetConsoleClient, routeContext, useConsoleEtcd } from '../helpers/console-env';
import { startTestEtcd, type TestEtcd } from '../helpers/etcd';

let etcd: TestEtcd;
let fast: SubscriberChild;
let paused: SubscriberChild;
let other: SubscriberChild;
const prefix = '/config/prop/';

async function get<T>(handler: typeof list, path: string): Promise<{ status: number; body: T }> {
  const res = await handler(new Request(`http://console${path}`), routeContext());
  return { status: res.status, body: (await res.json()) as T };
}

const listOf = (query: string) => get<SubscribersResponse>(list, `/api/v1/subscribers${query}`);
const propagationOf = (query: string) =>
  get<PropagationResponse>(propagation, `/api/v1/subscribers/propagation${query}`);

async function until<T>(read: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`condition not met; last: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function put(key: string, value: string): Promise<number> {
  return Number((await etcd.client.put(key).value(value).exec()).header.revision);
}

const names = (entries: Array<{ instance: string }>) => entries.map((e) => e.instance).sort();

beforeAll(async () => {
  etcd = await startTestEtcd();
  useConsoleEtcd(etcd.endpoints);
  await put(`${prefix}flag`, 'off');
  const spawn = (p: string, instance: string) =>
    spawnSubscriber(etcd.endpoints, { prefix: p, app: 'billing', instance, parse: 'auto', ttl: 15 });
  [fast, paused, other] = [spawn(prefix, 'fast'), spawn(prefix, 'paused'), spawn('/config/other/', 'other')];
  await Promise.all([fast, paused, other].map((c) => c.waitFor((e) => e.type === 'ready', 30_000)));
});

afterAll(async () => {
  paused?.signal('SIGCONT');
  await Promise.all([fast, paused, other].map((c) => c?.stop()));
  resetConsoleClient();
  await etcd?.destroy();
});

describe('GET /api/v1/subscribers', () => {
  it('lists the subscribers covering a key, each applied', async () => {
    const { status, body } = await until(
      () => listOf(`?prefix=${encodeURIComponent(`${prefix}flag`)}`),
      (r) => r.body.subscribers.length === 2,
    );
    expect(status).toBe(200);
    expect(names(body.subscribers)).toEqual(['fast', 'paused']);
    for (const s of body.subscribers) {
      expect(s).toMatchObject({
        app: 'billing',
        prefix,
        coverage: 'full',
        lease: expect.stringMatching(/^\d+$/),
      });
      expect(s.lag).toMatchObject({ state: 'applied', revisionsBehind: 0, summary: 'applied' });
    }
  });

  it('marks subscribers inside a wider prefix as partial, and lists everyone without a prefix', async () => {
    const wide = await listOf('?prefix=/config/');
    expect(names(wide.body.subscribers)).toEqual(['fast', 'other', 'paused']);
    expect(wide.body.subscribers.every((s) => s.coverage === 'partial')).toBe(true);
    expect(names((await listOf('')).body.subscribers)).toEqual(['fast', 'other', 'paused']);
  });
});

describe('GET /api/v1/subscribers/propagation', () => {
  it('reports applied and pending while one subscriber is paused, then complete once it resumes', async () => {
    paused.signal('SIGSTOP');
    let revision: number;
    try {
      revision = await put(`${prefix}flag`, 'on');
      const during = await until(
        () => propagationOf(`?key=${prefix}flag&revision=${revision}`),
        (r) => r.body.applied.length === 1,
      );
      expect(during.status).toBe(200);
      expect(names(during.body.applied)).toEqual(['fast']);
      expect(names(during.body.pending)).toEqual(['paused']);
      expect(during.body.pending[0]?.revisionsBehind).toBeGreaterThan(0);
      expect(during.body.complete).toBe(false);
      const lagging = (await listOf(`?prefix=${prefix}`)).body.subscribers.find(
        (s) => s.instance === 'paused',
      );
      expect(lagging?.lag.state).toBe('behind');
      expect(lagging?.lag.summary).toMatch(/^behind by \d+ revisions? \/ [\d.]+ s$/);
    } finally {
      paused.signal('SIGCONT');
    }
    const after = await until(
      () => propagationOf(`?key=${prefix}flag&revision=${revision}`),
      (r) => r.body.complete,
    );
    expect(names(after.body.applied)).toEqual(['fast', 'paused']);
    expect(after.body.changedAtSource).toBe('status-clock');
    expect(after.body.slowestMs).toBeGreaterThanOrEqual(0);
    // Without a revision it follows the key's current one; with `since`, timing is measured from it.
    const since = new Date(Date.now() - 60_000).toISOString();
    const timed = await propagationOf(`?key=${prefix}flag&since=${encodeURIComponent(since)}`);
    expect(timed.body).toMatchObject({ revision, changedAtSource: 'since', complete: true });
    expect(timed.body.slowestMs).toBeGreaterThanOrEqual(0);
  });

  it('lists a subscriber that kept its last good value after a parse error as errored', async () => {
    const key = `${prefix}limits.json`;
    await put(key, '{"max": 5}');
    const revision = await put(key, '{"max": ');
    const { body } = await until(
      () => propagationOf(`?key=${encodeURIComponent(key)}&revision=${revision}`),
      (r) => r.body.errored.length === 2,
    );
    expect(body.applied).toEqual([]);
    expect(body.errored[0]?.error).toMatchObject({ key, revision });
    const listed = await listOf(`?prefix=${encodeURIComponent(key)}`);
    expect(listed.body.subscribers.map((s) => s.lag.state)).toEqual(['error', 'error']);
    await put(key, '{"max": 6}');
  });

  it.each([
    ['no key', '', 400],
    ['a revision that is not a number', `?key=${prefix}flag&revision=abc`, 400],
    ['a revision in the future', `?key=${prefix}flag&revision=99999999`, 400],
    ['malformed base64', '?key=@@@&keyEncoding=base64', 400],
    ['a since that is not a time', `?key=${prefix}flag&since=yesterday`, 400],
    ['a missing key without a revision', `?key=${prefix}nothing-here`, 404],
  ])('answers %s with %i', async (_case, query, expected) => {
    expect((await propagationOf(query)).status).toBe(expected);
  });
});
