// The cluster API on a real 3-member etcd: per-member status, failover, rolling defrag, compaction, snapshot, space.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as compactRoute from '@/app/api/v1/cluster/compact/route';
import * as defragRoute from '@/app/api/v1/cluster/defrag/route';
import * as clusterRoute from '@/app/api/v1/cluster/route';
import * as snapshotRoute from '@/app/api/v1/cluster/snapshot/route';
import * as spaceRoute from '@/app/api/v1/cluster/space/route';
import * as itemRoute from '@/app/api/v1/kv/item/route';
import { closeMemberClients } from '@/lib/cluster/member-clients';
import { resetConsoleClient, routeContext, useConsoleEtcd } from '../helpers/console-env';
import { startTestEtcd, type TestEtcd } from '../helpers/etcd';

type Handler = (request: Request, context: ReturnType<typeof routeContext>) => Promise<Response>;

async function call(handler: Handler, url: string, init: { method?: string; body?: unknown } = {}) {
  const request = new Request(`http://console${url}`, {
    method: init.method ?? 'GET',
    ...(init.body === undefined
      ? {}
      : { body: JSON.stringify(init.body), headers: { 'content-type': 'application/json' } }),
  });
  const res = await handler(request, routeContext());
  const text = await res.text();
  // biome-ignore lint/suspicious/noExplicitAny: test answers are checked field by field
  return { status: res.status, body: (text ? JSON.parse(text) : null) as any, headers: res.headers };
}

const cluster = () => call(clusterRoute.GET, '/api/v1/cluster');
const putItem = (key: string, value: string) =>
  call(itemRoute.PUT, '/api/v1/kv/item', { method: 'PUT', body: { key, value } });
const getItem = (key: string, revision?: number) =>
  call(
    itemRoute.GET,
    `/api/v1/kv/item?key=${encodeURIComponent(key)}${revision ? `&revision=${revision}` : ''}`,
  );

/** Polls until `check` passes; returns the time it took. */
async function within(ms: number, check: () => Promise<boolean>, what: string): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < ms) {
    if (await check()) return Date.now() - started;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${what}: not within ${ms} ms`);
}

let etcd: TestEtcd;

beforeAll(async () => {
  etcd = await startTestEtcd({ members: 3 });
  useConsoleEtcd(etcd.endpoints);
});
afterAll(async () => {
  closeMemberClients();
  resetConsoleClient();
  await etcd?.destroy();
});

describe('GET /api/v1/cluster', () => {
  it('lists all three members, each with its own status, one of them the leader', async () => {
    const { status, body } = await cluster();
    expect(status).toBe(200);
    expect(body.members).toHaveLength(3);
    expect(body.leader).toMatch(/^\d+$/);
    expect(body.members.filter((m: { isLeader: boolean }) => m.isLeader)).toHaveLength(1);
    for (const m of body.members) {
      expect(m.error).toBeNull();
      expect(m.status).toMatchObject({ version: expect.stringMatching(/^3\./), leader: body.leader });
      expect(m.status.dbSize).toBeGreaterThan(0);
      expect(m.status.dbSizeInUse).toBeGreaterThan(0);
      expect(m.status.quotaBytes).toBe(2 * 1024 ** 3); // etcd's default --quota-backend-bytes
      expect(etcd.endpoints).toContain(m.clientUrls[0]);
    }
    expect(body.compactRevision).toBe(0);
    expect(body.alarms).toEqual([]);
  });
});

describe('failover', () => {
  it('shows a new leader and the dead member unreachable within 3 s; reads and writes recover; the member returns', async () => {
    const before = (await cluster()).body;
    const leader = before.members.find((m: { isLeader: boolean }) => m.isLeader);
    const member = etcd.members.find((m) => m.clientUrl === leader.clientUrls[0])!;
    await member.stop('SIGKILL');

    const killedAt = Date.now();
    let view = before;
    const shown = await within(
      3000,
      async () => {
        view = (await cluster()).body;
        const dead = view.members.find((m: { id: string }) => m.id === leader.id);
        return (
          view.leader !== null && view.leader !== leader.id && dead.status === null && dead.error !== null
        );
      },
      'new leader and unreachable member',
    );
    const dead = view.members.find((m: { id: string }) => m.id === leader.id);
    expect(dead.error).toMatch(/unreachable/);
    expect(view.members.filter((m: { status: unknown }) => m.status !== null)).toHaveLength(2);

    // The console's own reads and writes work again within 3 s of the kill.
    await within(
      3000 - (Date.now() - killedAt),
      async () =>
        (await putItem('/failover/k', 'v1')).status === 200 &&
        (await getItem('/failover/k')).body?.item?.value === 'v1',
      'write and read',
    );
    const recovered = Date.now() - killedAt;
    expect(shown).toBeLessThan(3000);
    // No rolling defragmentation while a member is down: it could cost the quorum.
    const refused = await call(defragRoute.POST, '/api/v1/cluster/defrag', { method: 'POST' });
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toContain(dead.name);

    await member.start();
    const back = await within(
      10_000,
      async () => (await cluster()).body.members.every((m: { status: unknown }) => m.status !== null),
      'member back',
    );
    expect(recovered).toBeLessThan(3000);
    expect(back).toBeLessThan(10_000);
  });
});

describe('rolling defragmentation', () => {
  it('runs on every member one after another, followers first and the leader last', async () => {
    const leader = (await cluster()).body.leader;
    const started = await call(defragRoute.POST, '/api/v1/cluster/defrag', { method: 'POST' });
    expect(started.status).toBe(202);
    expect(started.body.job.steps.map((s: { role: string }) => s.role)).toEqual([
      'follower',
      'follower',
      'leader',
    ]);
    expect((await call(defragRoute.POST, '/api/v1/cluster/defrag', { method: 'POST' })).status).toBe(409);

    let job = started.body.job;
    await within(
      20_000,
      async () => {
        job = (await call(defragRoute.GET, '/api/v1/cluster/defrag')).body.job;
        return job.state !== 'running';
      },
      'defrag done',
    );
    expect(job.state).toBe('done');
    expect(job.steps.every((s: { state: string }) => s.state === 'done')).toBe(true);
    // Each member started only after the one before had finished and answered status.
    const began = job.log.filter((e: { message: string }) => e.message.startsWith('defragmenting'));
    const ended = job.log.filter((e: { message: string }) =>
      e.message.includes('defragmented and answering'),
    );
    expect(began.map((e: { memberId: string }) => e.memberId)).toEqual(
      ended.map((e: { memberId: string }) => e.memberId),
    );
    expect(began.at(-1).memberId).toBe(leader);
    for (let i = 1; i < began.length; i++) expect(began[i].at >= ended[i - 1].at).toBe(true);

    // Another console replica would see the record in etcd.
    const record = await etcd.client.get('/_console/maintenance/defrag').json();
    expect(record).toMatchObject({ id: job.id, state: 'done' });
    // Forget the job in this process, as another replica would not know it.
    delete (globalThis as { __perCluster?: unknown }).__perCluster;
    const seen = await call(defragRoute.GET, '/api/v1/cluster/defrag');
    expect(seen.body).toMatchObject({ source: 'etcd', job: { id: job.id, state: 'done' } });
  });
});

describe('compaction', () => {
  it('makes reads of older revisions answer 410 gone', async () => {
    const first = await putItem('/history/k', 'one');
    await putItem('/history/k', 'two');
    const third = await putItem('/history/k', 'three');
    const oldRevision = first.body.revision as number;
    const compactTo = third.body.revision as number;
    expect((await getItem('/history/k', oldRevision)).body.item.value).toBe('one');

    const compacted = await call(compactRoute.POST, '/api/v1/cluster/compact', {
      method: 'POST',
      body: { revision: compactTo, physical: true },
    });
    expect(compacted.status).toBe(200);
    expect(compacted.body.compactRevision).toBe(compactTo);

    const gone = await getItem('/history/k', oldRevision);
    expect(gone.status).toBe(410);
    expect(gone.body.error.code).toBe('gone');
    expect((await getItem('/history/k', compactTo)).body.item.value).toBe('three');
    expect((await cluster()).body.compactRevision).toBe(compactTo);

    // Compacting to an older revision again is a conflict; a future one is a bad request.
    const again = await call(compactRoute.POST, '/api/v1/cluster/compact', {
      method: 'POST',
      body: { revision: oldRevision },
    });
    expect(again.status).toBe(409);
    const future = await call(compactRoute.POST, '/api/v1/cluster/compact', {
      method: 'POST',
      body: { revision: 10_000_000 },
    });
    expect(future.status).toBe(400);
  });
});

describe('snapshot and space', () => {
  it('streams a snapshot etcdctl accepts as a valid database', async () => {
    const res = await snapshotRoute.GET(
      new Request('http://console/api/v1/cluster/snapshot'),
      routeContext(),
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="etcd-snapshot-.*\.db"$/);
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'snap-')), 'snap.db');
    fs.writeFileSync(file, Buffer.from(await res.arrayBuffer()));
    const { stdout } = await promisify(execFile)('etcdctl', ['snapshot', 'status', file, '-w', 'json'], {
      env: { ...process.env, ETCDCTL_API: '3' },
    });
    expect(JSON.parse(stdout).totalKey).toBeGreaterThan(0);
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
  });

  it('streams from a chosen member, stops cleanly when the reader cancels, and 404s an unknown member', async () => {
    const member = (await cluster()).body.members[1];
    const url = `http://console/api/v1/cluster/snapshot?memberId=${member.id}`;
    const res = await snapshotRoute.GET(new Request(url), routeContext());
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    expect((await reader.read()).value?.byteLength).toBeGreaterThan(0);
    await reader.cancel();
    const unknown = await call(snapshotRoute.GET, '/api/v1/cluster/snapshot?memberId=12345');
    expect(unknown.status).toBe(404);
  });

  it('sums keys and bytes per top-level prefix against the database size and quota', async () => {
    for (let i = 0; i < 30; i++) await etcd.client.put(`/space-config/k${i}`).value('x'.repeat(100));
    // Enough keys for several pages (the first page holds 500).
    for (let i = 0; i < 1200; i += 200) {
      await Promise.all(
        Array.from({ length: 200 }, (_, j) => etcd.client.put(`/space-many/${i + j}`).value('v')),
      );
    }
    await etcd.client.put('user:1').value('abc');
    await etcd.client.put('user:2').value('abc');
    const { status, body } = await call(spaceRoute.GET, '/api/v1/cluster/space');
    expect(status).toBe(200);
    const group = (prefix: string) => body.prefixes.find((p: { prefix: string }) => p.prefix === prefix);
    expect(group('/space-config/')).toEqual({
      prefix: '/space-config/',
      encoding: 'utf8',
      keys: 30,
      bytes: 30 * 100 + [...Array(30).keys()].reduce((n, i) => n + `/space-config/k${i}`.length, 0),
    });
    expect(group('user:')).toMatchObject({ keys: 2, bytes: 2 * ('user:1'.length + 3) });
    expect(group('/space-many/').keys).toBe(1200);
    expect(body.sampled).toBe(false);
    expect(body.totalKeys).toBe(body.scannedKeys);
    expect(body.dbSize).toBeGreaterThan(0);
    expect(body.quotaBytes).toBe(2 * 1024 ** 3);
  });
});
