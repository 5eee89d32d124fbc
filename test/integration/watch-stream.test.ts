import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resetConsoleClient, routeContext, useConsoleEtcd } from '../helpers/console-env';
import { startTestEtcd, type TestEtcd } from '../helpers/etcd';
import { changes, SseReader } from '../helpers/sse';

process.env.WATCH_LINGER_MS = '300';
process.env.WATCH_STALL_CHECK_MS = '400';

type WatchRoute = typeof import('@/app/api/v1/watch/route');
type Hub = typeof import('@/lib/watch/hub');

describe('GET /api/v1/watch on a real etcd', () => {
  let etcd: TestEtcd;
  let route: WatchRoute;
  let hub: Hub;
  const open: AbortController[] = [];

  function watch(query: string, headers: Record<string, string> = {}) {
    const abort = new AbortController();
    open.push(abort);
    const request = new Request(`http://console/api/v1/watch?${query}`, { headers, signal: abort.signal });
    return {
      abort,
      reader: route.GET(request, routeContext()).then((res) => {
        expect(res.status).toBe(200);
        expect(res.headers.get('content-type')).toContain('text/event-stream');
        expect(res.headers.get('cache-control')).toContain('no-transform');
        return new SseReader(res);
      }),
    };
  }

  async function readyReader(query: string, headers: Record<string, string> = {}) {
    const w = watch(query, headers);
    const reader = await w.reader;
    await reader.until((ev) => ev.some((e) => e.event === 'ready' || e.event === 'resync'));
    return { reader, abort: w.abort };
  }

  beforeAll(async () => {
    etcd = await startTestEtcd();
    useConsoleEtcd(etcd.endpoints);
    route = await import('@/app/api/v1/watch/route');
    hub = await import('@/lib/watch/hub');
  });

  afterAll(async () => {
    for (const a of open) a.abort();
    resetConsoleClient();
    await etcd?.destroy();
  });

  it('delivers 2,000 puts and deletes to 20 clients exactly once each, in revision order, over one etcd watch', async () => {
    const clients = await Promise.all(Array.from({ length: 20 }, () => readyReader('prefix=/fanout/')));
    expect(hub.watchHub().watchCount).toBe(1);

    const revisions: number[] = [];
    for (let batch = 0; batch < 40; batch++) {
      const ops = Array.from({ length: 50 }, (_, i) => {
        const n = batch * 50 + i;
        const key = `/fanout/k${n % 300}`;
        return n % 5 === 4 ? etcd.client.delete().key(key) : etcd.client.put(key).value(`v${n}`);
      });
      const results = await Promise.all(ops.map((op) => op.exec()));
      for (const r of results) {
        // A delete of a missing key does not create a revision.
        if (!('deleted' in r) || r.deleted !== '0') revisions.push(Number(r.header.revision));
      }
    }
    revisions.sort((a, b) => a - b);
    const last = revisions[revisions.length - 1]!;

    for (const { reader } of clients) {
      await reader.until((ev) => ev.some((e) => e.id === String(last)), 20_000);
      const seen = changes(reader).map((c) => c.revision);
      expect(seen).toEqual(revisions);
      expect(new Set(seen).size).toBe(seen.length);
    }
    for (const { abort } of clients) abort.abort();
  }, 120_000);

  it('resumes with Last-Event-ID: exactly the missed revisions, nothing repeated', async () => {
    const first = await readyReader('prefix=/resume/');
    const put = async (k: string) =>
      Number((await etcd.client.put(`/resume/${k}`).value(k).exec()).header.revision);
    const a = await put('a');
    await first.reader.until((ev) => ev.some((e) => e.id === String(a)));
    first.abort.abort();

    const missed = [await put('b'), await put('c'), await put('d')];
    const again = await readyReader('prefix=/resume/', { 'last-event-id': String(a) });
    await again.reader.until((ev) => ev.filter((e) => e.event === 'change').length >= 3);
    expect(changes(again.reader).map((c) => c.revision)).toEqual(missed);
    expect(again.reader.named('ready')[0]!.id).toBe(String(a));
    again.abort.abort();
  });

  it('reconnects from before the ring with a catch-up watch from that revision', async () => {
    const start = Number((await etcd.client.put('/catchup/x').value('0').exec()).header.revision);
    for (let i = 1; i <= 5; i++) await etcd.client.put('/catchup/x').value(String(i));
    // No live watch on /catchup/ held these: the replay must come from etcd history.
    const { reader, abort } = await readyReader(`prefix=/catchup/&fromRevision=${start}`);
    await reader.until((ev) => ev.filter((e) => e.event === 'change').length >= 6);
    const got = changes(reader);
    expect(got.map((c) => c.events[0]!.value)).toEqual(['0', '1', '2', '3', '4', '5']);
    expect(got[0]!.revision).toBe(start);
    abort.abort();
  });

  it('keeps the events of one transaction in one message', async () => {
    const { reader, abort } = await readyReader('prefix=/txn/');
    const result = await etcd.client
      .if('/txn/a', 'Create', '==', 0)
      .then(
        etcd.client.put('/txn/a').value('1'),
        etcd.client.put('/txn/b').value('2'),
        etcd.client.put('/txn/c').value('3'),
      )
      .commit();
    const revision = Number(result.header.revision);
    await reader.until((ev) => ev.some((e) => e.id === String(revision)));
    const message = changes(reader).find((c) => c.revision === revision)!;
    expect(message.events.map((e) => e.key)).toEqual(['/txn/a', '/txn/b', '/txn/c']);
    abort.abort();
  });

  it('answers resync when the requested revision was compacted while the client was away', async () => {
    const before = Number((await etcd.client.put('/compact/k').value('1').exec()).header.revision);
    for (let i = 0; i < 5; i++) await etcd.client.put('/compact/k').value(`v${i}`);
    const latest = Number((await etcd.client.put('/compact/k').value('final').exec()).header.revision);
    await etcd.etcdctl('compaction', String(latest));

    const { reader, abort } = await readyReader('prefix=/compact/', { 'last-event-id': String(before) });
    await reader.until((ev) => ev.some((e) => e.event === 'resync'));
    const resync = reader.named('resync');
    expect(reader.events[0]!.event).toBe('resync');
    expect(resync).toHaveLength(1);
    const info = JSON.parse(resync[0]!.data);
    expect(info.compactRevision).toBe(latest);
    expect(info.revision).toBeGreaterThanOrEqual(latest);
    // Live changes keep flowing after the resync.
    const next = Number((await etcd.client.put('/compact/k').value('after').exec()).header.revision);
    await reader.until((ev) => ev.some((e) => e.id === String(next)));
    abort.abort();
  });

  it('carries on across a 10 s etcd outage: nothing put after the restart is lost', async () => {
    const { reader, abort } = await readyReader('prefix=/outage/');
    const before = Number((await etcd.client.put('/outage/a').value('before').exec()).header.revision);
    await reader.until((ev) => ev.some((e) => e.id === String(before)));

    const member = etcd.members[0]!;
    await member.stop('SIGKILL');
    await new Promise((r) => setTimeout(r, 10_000));
    await member.start();

    const after: number[] = [];
    for (let i = 0; i < 20; i++) {
      for (;;) {
        try {
          after.push(
            Number((await etcd.client.put(`/outage/k${i}`).value(String(i)).exec()).header.revision),
          );
          break;
        } catch {
          await new Promise((r) => setTimeout(r, 100));
        }
      }
    }
    await reader.until((ev) => ev.some((e) => e.id === String(after[after.length - 1])), 15_000);
    const seen = changes(reader).map((c) => c.revision);
    expect(seen).toEqual([before, ...after]);
    abort.abort();
  }, 60_000);

  it('detects a watch that stopped delivering (as on a partitioned member) and resumes it without a gap', async () => {
    const { reader, abort } = await readyReader('prefix=/stall/');
    const first = Number((await etcd.client.put('/stall/a').value('1').exec()).header.revision);
    await reader.until((ev) => ev.some((e) => e.id === String(first)));

    // Fault injection: the shared watch's stream goes silent, as one on a member cut off from its peers would.
    type Internals = { shared: Map<string, { watcher: { removeAllListeners(e: string): void } | null }> };
    const hub = (await import('@/lib/watch/hub')).watchHub() as unknown as Internals;
    const stalled = [...hub.shared.values()].find((w) => w.watcher !== null)!;
    for (const w of hub.shared.values()) w.watcher?.removeAllListeners('data');
    expect(stalled).toBeDefined();

    const missed = [
      Number((await etcd.client.put('/stall/b').value('2').exec()).header.revision),
      Number((await etcd.client.put('/stall/c').value('3').exec()).header.revision),
    ];
    await reader.until((ev) => ev.some((e) => e.id === String(missed[1])), 10_000);
    expect(changes(reader).map((c) => c.revision)).toEqual([first, ...missed]);
    abort.abort();
  });

  it('holds no etcd watch once every client has left', async () => {
    const clients = await Promise.all([readyReader('prefix=/leave/'), readyReader('key=/leave/one')]);
    expect(hub.watchHub().watchCount).toBeGreaterThanOrEqual(2);
    for (const c of clients) c.abort.abort();
    for (const a of open) a.abort();
    const deadline = Date.now() + 5000;
    while (hub.watchHub().watchCount > 0 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 100));
    expect(hub.watchHub().watchCount).toBe(0);
  });

  it.each([
    ['', 400],
    ['prefix=/a/&key=/b', 400],
    ['prefix=/a/&fromRevision=-1', 400],
    ['prefix=/a/&fromRevision=abc', 400],
    ['key=%%%&encoding=base64', 400],
    ['prefix=/a/&unknown=1', 400],
  ])('rejects %j with %i', async (query, status) => {
    const res = await route.GET(new Request(`http://console/api/v1/watch?${query}`), routeContext());
    expect(res.status).toBe(status);
    expect((await res.json()).error.code).toBe('bad_request');
  });
});
