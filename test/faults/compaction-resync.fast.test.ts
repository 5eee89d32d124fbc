// Case 3: a client is away while etcd compacts the history it would resume from. It is told to `resync`,
// reloads the listing at the resync revision while writes go on, and ends with exactly etcd's state.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resetConsoleClient, useConsoleEtcd } from '../helpers/console-env';
import { startTestEtcd, type TestEtcd } from '../helpers/etcd';
import { eventually, report, sleep } from './helpers/api';
import { changesSeen, clean, compareStream, prefixHistory, storeRevision } from './helpers/history';
import { type Entry, PrefixMirror } from './helpers/mirror';

process.env.WATCH_LINGER_MS = '300';
const KEYS = 40;

describe('compaction while a client is disconnected', () => {
  let etcd: TestEtcd;
  let routes: {
    list: typeof import('@/app/api/v1/kv/route').GET;
    watch: typeof import('@/app/api/v1/watch/route').GET;
  };
  let written = 0;
  /** The revision of the last change written under each prefix. */
  const lastWrite = new Map<string, number>();

  beforeAll(async () => {
    etcd = await startTestEtcd();
    useConsoleEtcd(etcd.endpoints);
    routes = {
      list: (await import('@/app/api/v1/kv/route')).GET,
      watch: (await import('@/app/api/v1/watch/route')).GET,
    };
  });
  afterAll(async () => {
    resetConsoleClient();
    await etcd?.destroy();
  });

  /** Puts and deletes (a delete of a missing key writes nothing) on a few keys, several in flight. */
  async function churn(prefix: string, revisions: number, parallel = 6): Promise<void> {
    let left = revisions;
    const one = async () => {
      while (left-- > 0) {
        const n = written++;
        const key = `${prefix}k${String((n * 7) % KEYS).padStart(2, '0')}`;
        let revision = 0;
        if (n % 5 === 4) {
          const res = await etcd.client.delete().key(key).exec();
          if (res.deleted !== '0') revision = Number(res.header.revision);
        } else revision = Number((await etcd.client.put(key).value(`v${n}`).exec()).header.revision);
        lastWrite.set(prefix, Math.max(lastWrite.get(prefix) ?? 0, revision));
      }
    };
    await Promise.all(Array.from({ length: parallel }, one));
  }

  /** Keeps writing until stopped: changes land while the client reconnects and reloads. */
  function background(prefix: string) {
    let running = true;
    const done = (async () => {
      while (running) await churn(prefix, 6, 2);
    })();
    return async () => {
      running = false;
      await done;
    };
  }

  async function etcdState(prefix: string): Promise<Map<string, Entry>> {
    const res = await etcd.client.getAll().prefix(prefix).exec();
    return new Map(
      res.kvs.map((kv) => [
        kv.key.toString(),
        { value: kv.value.toString(), modRevision: Number(kv.mod_revision) },
      ]),
    );
  }

  async function caughtUp(mirror: PrefixMirror): Promise<void> {
    const target = lastWrite.get(mirror.prefix) ?? 0;
    await eventually(
      async () => mirror.revision >= target,
      15_000,
      `the mirror of ${mirror.prefix} to reach ${target}`,
    );
  }

  /**
   * The mirror against etcd once it has had time to hear every write on its prefix: the test's own writes, and the
   * sentinel key prefixHistory puts and deletes there, whose delete may still be on its way. A lost event never
   * converges (the mirror reads nothing back), so a difference that lasts 5 s is reported.
   */
  async function converge(mirror: PrefixMirror) {
    await caughtUp(mirror);
    const compare = async () => {
      const want = await etcdState(mirror.prefix);
      const got = mirror.state;
      const differences = [...new Set([...want.keys(), ...got.keys()])].filter(
        (k) => JSON.stringify(want.get(k)) !== JSON.stringify(got.get(k)),
      );
      return { keys: want.size, differences };
    };
    const until = Date.now() + 5000;
    let result = await compare();
    while (result.differences.length > 0 && Date.now() < until) {
      await new Promise((r) => setTimeout(r, 100));
      result = await compare();
    }
    return result;
  }

  it('no other client on the prefix: resync at once, reload, and converge to etcd exactly', async () => {
    const started = Date.now();
    const prefix = '/cmp/alone/';
    await churn(prefix, 100);
    const mirror = new PrefixMirror(routes, prefix);
    await mirror.load();
    await mirror.connect();
    await churn(prefix, 100);
    await caughtUp(mirror);
    await mirror.disconnect();
    const away = mirror.revision;
    // Nobody else watches the prefix: wait until the console has let go of its shared watch (and its ring).
    const { totalWatchCount } = await import('@/lib/watch/hub');
    await eventually(async () => totalWatchCount() === 0, 5_000, 'the shared watch to close');

    await churn(prefix, 300);
    const compactAt = await storeRevision(etcd.client);
    await etcd.etcdctl('compaction', String(compactAt));
    await churn(prefix, 50);

    const stop = background(prefix);
    await mirror.connect();
    await sleep(500);
    await stop();
    const result = await converge(mirror);
    report('compaction alone', {
      awayFrom: away,
      compactedAt: compactAt,
      resyncs: mirror.resyncs.length,
      reloads: mirror.reloads,
      changes: mirror.changesApplied,
      keys: result.keys,
      differences: result.differences.length,
      seconds: ((Date.now() - started) / 1000).toFixed(1),
    });
    expect(mirror.resyncs).toHaveLength(1);
    expect(mirror.resyncs[0]!.compactRevision).toBe(compactAt);
    expect(mirror.resyncs[0]!.revision).toBeGreaterThanOrEqual(compactAt);
    expect(result.differences).toEqual([]);
  });

  it('another client holds the live watch but the ring has moved past: resync and converge', async () => {
    const started = Date.now();
    const prefix = '/cmp/busy/';
    const stay = new PrefixMirror(routes, prefix);
    await stay.load();
    await stay.connect();
    const mirror = new PrefixMirror(routes, prefix);
    await mirror.load();
    await mirror.connect();
    await churn(prefix, 50);
    await caughtUp(mirror);
    await mirror.disconnect();
    const away = mirror.revision;

    // More revisions than the hub's ring keeps (2,048), then compaction.
    while ((await storeRevision(etcd.client)) - away <= 2200) await churn(prefix, 500, 12);
    const compactAt = await storeRevision(etcd.client);
    expect(compactAt - away).toBeGreaterThan(2048);
    await etcd.etcdctl('compaction', String(compactAt));

    const stop = background(prefix);
    await mirror.connect();
    await sleep(500);
    await stop();
    const result = await converge(mirror);
    const stayed = await converge(stay);
    report('compaction past the ring', {
      revisionsAway: compactAt - away,
      resyncs: mirror.resyncs.length,
      reloads: mirror.reloads,
      changes: mirror.changesApplied,
      stayingClientChanges: stay.changesApplied,
      keys: result.keys,
      differences: result.differences.length + stayed.differences.length,
      seconds: ((Date.now() - started) / 1000).toFixed(1),
    });
    expect(mirror.resyncs).toHaveLength(1);
    expect(result.differences).toEqual([]);
    // The client that stayed never needed a resync.
    expect(stay.resyncs).toHaveLength(0);
    expect(stayed.differences).toEqual([]);
    await stay.disconnect();
    await mirror.disconnect();
  });

  it('compacted, but still in the ring: resumes from memory with no gap and no resync', async () => {
    const started = Date.now();
    const prefix = '/cmp/ring/';
    const stay = new PrefixMirror(routes, prefix);
    await stay.load();
    await stay.connect();
    const mirror = new PrefixMirror(routes, prefix);
    await mirror.load();
    const from = mirror.revision + 1;
    await mirror.connect();
    await churn(prefix, 50);
    await caughtUp(mirror);
    await mirror.disconnect();
    await churn(prefix, 200);
    const compactAt = await storeRevision(etcd.client);
    await etcd.etcdctl('compaction', String(compactAt));
    await mirror.connect();
    await churn(prefix, 50);
    const to = await storeRevision(etcd.client);
    await caughtUp(mirror);
    // History before the compaction point is gone from etcd; the staying client's stream is the reference.
    const reference = changesSeen(stay.received).filter((c) => c.revision >= from);
    const comparison = compareStream(changesSeen(mirror.received), reference, to);
    const after = await prefixHistory(etcd.client, prefix, compactAt + 1, to);
    const tail = compareStream(
      changesSeen(mirror.received).filter((c) => c.revision > compactAt),
      after,
      to,
    );
    const result = await converge(mirror);
    report('compaction inside the ring', {
      events: reference.length,
      resyncs: mirror.resyncs.length,
      lost: comparison.missing + tail.missing,
      duplicated: comparison.duplicated + tail.duplicated,
      differences: result.differences.length,
      seconds: ((Date.now() - started) / 1000).toFixed(1),
    });
    expect(mirror.resyncs).toHaveLength(0);
    expect(clean(comparison), JSON.stringify(comparison)).toBe(true);
    expect(clean(tail), JSON.stringify(tail)).toBe(true);
    expect(result.differences).toEqual([]);
    await stay.disconnect();
    await mirror.disconnect();
  });
});
