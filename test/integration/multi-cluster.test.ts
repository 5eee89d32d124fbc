import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resetConsoleClient, routeContext, useConsoleEtcd } from '../helpers/console-env';
import { startTestEtcd, type TestEtcd } from '../helpers/etcd';
import { changes, SseReader } from '../helpers/sse';

describe('several clusters from one console', () => {
  let blue: TestEtcd;
  let green: TestEtcd;
  let list: typeof import('@/app/api/v1/kv/route');
  let watch: typeof import('@/app/api/v1/watch/route');

  beforeAll(async () => {
    [blue, green] = await Promise.all([startTestEtcd(), startTestEtcd()]);
    useConsoleEtcd(blue.endpoints, {
      CONSOLE_CLUSTERS: JSON.stringify([
        { name: 'blue', endpoints: blue.endpoints },
        { name: 'green', label: 'Green', endpoints: green.endpoints },
      ]),
    });
    list = await import('@/app/api/v1/kv/route');
    watch = await import('@/app/api/v1/watch/route');
    await blue.client.put('/where').value('blue');
    await green.client.put('/where').value('green');
  });

  afterAll(async () => {
    delete process.env.CONSOLE_CLUSTERS;
    resetConsoleClient();
    await Promise.all([blue?.destroy(), green?.destroy()]);
  });

  async function whereValue(headers: Record<string, string>) {
    const res = await list.GET(
      new Request('http://console/api/v1/kv?prefix=/where', { headers }),
      routeContext(),
    );
    return { status: res.status, body: await res.json() };
  }

  it('defaults to the first profile, and follows the header or the cookie', async () => {
    expect((await whereValue({})).body.items[0].value).toBe('blue');
    expect((await whereValue({ 'x-etcd-cluster': 'green' })).body.items[0].value).toBe('green');
    expect((await whereValue({ cookie: 'etcd_cluster=green' })).body.items[0].value).toBe('green');
    expect((await whereValue({ cookie: 'etcd_cluster=gone' })).body.items[0].value).toBe('blue');
    const unknown = await whereValue({ 'x-etcd-cluster': 'purple' });
    expect(unknown.status).toBe(400);
  });

  it("keeps live streams apart: a change in one cluster never reaches the other's watchers", async () => {
    const open = async (cluster: string) => {
      const abort = new AbortController();
      const res = await watch.GET(
        new Request('http://console/api/v1/watch?prefix=/live/', {
          headers: { 'x-etcd-cluster': cluster },
          signal: abort.signal,
        }),
        routeContext(),
      );
      const reader = new SseReader(res);
      await reader.until((ev) => ev.some((e) => e.event === 'ready'));
      return { reader, abort };
    };
    const b = await open('blue');
    const g = await open('green');
    const rb = Number((await blue.client.put('/live/x').value('from-blue').exec()).header.revision);
    const rg = Number((await green.client.put('/live/x').value('from-green').exec()).header.revision);
    await b.reader.until((ev) => ev.some((e) => e.id === String(rb)));
    await g.reader.until((ev) => ev.some((e) => e.id === String(rg)));
    expect(changes(b.reader).map((c) => c.events[0]!.value)).toEqual(['from-blue']);
    expect(changes(g.reader).map((c) => c.events[0]!.value)).toEqual(['from-green']);
    b.abort.abort();
    g.abort.abort();
  });
});
