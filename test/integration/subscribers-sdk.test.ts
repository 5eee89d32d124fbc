// The config SDK against a real etcd, with subscribers as real child processes.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type SubscriberChild, spawnSubscriber } from '../fixtures/subscriber-spawn';
import { startTestEtcd, type TestEtcd, waitUntilServing } from '../helpers/etcd';

let etcd: TestEtcd;
const children: SubscriberChild[] = [];

function start(
  prefix: string,
  instance: string,
  extra: { parse?: string; ttl?: number } = {},
): SubscriberChild {
  const child = spawnSubscriber(etcd.endpoints, { prefix, app: 'sdk-test', instance, ...extra });
  children.push(child);
  return child;
}

async function ready(child: SubscriberChild): Promise<void> {
  await child.waitFor((e) => e.type === 'ready', 30_000);
}

/** `etcdctl get --prefix` as a map of keys relative to the prefix. */
async function etcdctlSnapshot(prefix: string): Promise<Map<string, string>> {
  const lines = (await etcd.etcdctl('get', '--prefix', prefix)).split('\n');
  const map = new Map<string, string>();
  for (let i = 0; i + 1 < lines.length; i += 2) map.set(lines[i]!.slice(prefix.length), lines[i + 1]!);
  return map;
}

/** Polls the child's snapshot until it has applied `revision`. */
async function appliedAt(child: SubscriberChild, revision: number, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const dump = await child.dump();
    if (dump.revision >= revision) return dump;
    if (Date.now() > deadline) throw new Error(`still at ${dump.revision}, wanted ${revision}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function statusOf(instance: string): Promise<Record<string, unknown> | null> {
  return (await etcd.client.get(`/subscribers/sdk-test/${instance}`).json()) as Record<
    string,
    unknown
  > | null;
}

async function until<T>(read: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`condition not met; last value ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Puts and deletes `count` changes, `parallel` at a time; returns the revision of the last one. */
async function churn(prefix: string, count: number, parallel = 25): Promise<number> {
  let last = 0;
  for (let i = 0; i < count; i += parallel) {
    const batch = [];
    for (let j = i; j < Math.min(count, i + parallel); j++) {
      const key = `${prefix}k${String(j % 40).padStart(2, '0')}`;
      const op =
        j % 9 === 8 ? etcd.client.delete().key(key).exec() : etcd.client.put(key).value(`v${j}`).exec();
      batch.push(op.then((res) => (last = Math.max(last, Number(res.header.revision)))));
    }
    await Promise.all(batch);
  }
  return last;
}

beforeAll(async () => {
  etcd = await startTestEtcd();
});

afterEach(async () => {
  await Promise.all(children.splice(0).map((c) => c.stop()));
});

afterAll(async () => {
  await etcd?.destroy();
});

describe('config subscribers', () => {
  it('ends every subscriber on the final revision with the etcdctl snapshot after 1,000 rapid changes', async () => {
    const prefix = '/config/rapid/';
    await etcd.client.put(`${prefix}seed`).value('1');
    const subs = [start(prefix, 'rapid-a'), start(prefix, 'rapid-b')];
    await Promise.all(subs.map(ready));
    const final = await churn(prefix, 1000);
    const expected = await etcdctlSnapshot(prefix);
    for (const sub of subs) {
      const dump = await appliedAt(sub, final);
      expect(dump.revision).toBeGreaterThanOrEqual(final);
      expect(new Map(dump.entries)).toEqual(expected);
    }
    for (const instance of ['rapid-a', 'rapid-b']) {
      const status = await until(
        () => statusOf(instance),
        (s) => Number(s?.appliedRevision) >= final,
      );
      expect(status).toMatchObject({ app: 'sdk-test', instance, prefix, sdkVersion: expect.any(String) });
    }
  });

  it('resyncs to the exact state after being away while its history was compacted', async () => {
    const prefix = '/config/away/';
    await etcd.client.put(`${prefix}k00`).value('before');
    const sub = start(prefix, 'away');
    await ready(sub);
    // Paused, then cut off by an etcd restart: the changes and the compaction happen while it cannot see them,
    // so on waking it resumes from a compacted revision, etcd cancels that watch, and the SDK reloads.
    sub.signal('SIGSTOP');
    let last: number;
    try {
      await etcd.members[0]!.stop();
      await etcd.members[0]!.start();
      await waitUntilServing(etcd.client);
      last = await churn(prefix, 500, 50);
      await etcd.client.kv.compact({ revision: last, physical: true });
    } finally {
      sub.signal('SIGCONT');
    }
    await sub.waitFor((e) => e.type === 'change' && e.resync === true);
    const dump = await appliedAt(sub, last);
    expect(new Map(dump.entries)).toEqual(await etcdctlSnapshot(prefix));
  });

  it('catches up across more than 1,000 missed revisions without claiming more than it applied', async () => {
    const prefix = '/config/catchup/';
    await etcd.client.put(`${prefix}k00`).value('before');
    const sub = start(prefix, 'catchup');
    await ready(sub);
    sub.signal('SIGSTOP');
    let last: number;
    try {
      await etcd.members[0]!.stop();
      await etcd.members[0]!.start();
      await waitUntilServing(etcd.client);
      last = await churn(prefix, 1500, 50);
    } finally {
      sub.signal('SIGCONT');
    }
    const from = sub.events.length;
    const dump = await appliedAt(sub, last);
    expect(new Map(dump.entries)).toEqual(await etcdctlSnapshot(prefix));
    // etcd answers the catch-up in slices of 1,000 revisions whose header already says the newest revision;
    // the first slice must be acknowledged at its last event, not at that header.
    const first = sub.events.slice(from).find((e) => e.type === 'change');
    expect(first?.revision).toBeLessThan(last);
    expect(first?.resync).toBe(false);
  });

  it('reports an invalid JSON value and keeps the last good one', async () => {
    const prefix = '/config/json/';
    await etcd.client.put(`${prefix}a.json`).value('{"v":1}');
    const sub = start(prefix, 'json', { parse: 'json' });
    await ready(sub);
    const bad = await etcd.client.put(`${prefix}a.json`).value('{"v":');
    const error = await sub.waitFor((e) => e.type === 'error' && e.kind === 'parse');
    expect(error.key).toBe('a.json');
    const dump = await appliedAt(sub, Number(bad.header.revision));
    expect(new Map(dump.entries).get('a.json')).toEqual({ v: 1 });
    const status = await until(
      () => statusOf('json'),
      (s) => Boolean(s?.lastError),
    );
    expect(status?.lastError).toMatchObject({
      key: `${prefix}a.json`,
      revision: Number(bad.header.revision),
    });
    expect(status?.failedKeys).toEqual([`${prefix}a.json`]);
    await etcd.client.put(`${prefix}a.json`).value('{"v":2}');
    const fixed = await until(
      () => statusOf('json'),
      (s) => !s?.lastError,
    );
    expect(fixed?.failedKeys).toBeUndefined();
    expect(new Map((await sub.dump()).entries).get('a.json')).toEqual({ v: 2 });
  });

  it('writes its status again after its lease expired while it was paused', async () => {
    const sub = start('/config/paused/', 'paused', { ttl: 2 });
    await ready(sub);
    await until(
      () => statusOf('paused'),
      (s) => s !== null,
    );
    sub.signal('SIGSTOP');
    try {
      await until(
        () => statusOf('paused'),
        (s) => s === null,
        8000,
      );
    } finally {
      sub.signal('SIGCONT');
    }
    expect(
      await until(
        () => statusOf('paused'),
        (s) => s !== null,
        8000,
      ),
    ).toMatchObject({ instance: 'paused' });
  });

  it("removes a killed subscriber's status with its lease", async () => {
    const sub = start('/config/killed/', 'killed', { ttl: 2 });
    await ready(sub);
    expect(
      await until(
        () => statusOf('killed'),
        (s) => s !== null,
      ),
    ).toMatchObject({ instance: 'killed' });
    sub.signal('SIGKILL');
    await sub.exited;
    const gone = await until(
      () => statusOf('killed'),
      (s) => s === null,
      8000,
    );
    expect(gone).toBeNull();
  });
});
