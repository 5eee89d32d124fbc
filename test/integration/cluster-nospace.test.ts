// A NOSPACE alarm on a real etcd with a tiny quota: shown with its reason, then cleared the documented way.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as disarmRoute from '@/app/api/v1/cluster/alarms/disarm/route';
import * as alarmsRoute from '@/app/api/v1/cluster/alarms/route';
import * as compactRoute from '@/app/api/v1/cluster/compact/route';
import * as defragRoute from '@/app/api/v1/cluster/defrag/route';
import * as clusterRoute from '@/app/api/v1/cluster/route';
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
  // biome-ignore lint/suspicious/noExplicitAny: test answers are checked field by field
  return { status: res.status, body: (await res.json()) as any };
}

const QUOTA = 2 * 1024 * 1024;
const VALUE = 'x'.repeat(100 * 1024);

let etcd: TestEtcd;

beforeAll(async () => {
  etcd = await startTestEtcd({ extraArgs: [`--quota-backend-bytes=${QUOTA}`] });
  useConsoleEtcd(etcd.endpoints);
});
afterAll(async () => {
  closeMemberClients();
  resetConsoleClient();
  await etcd?.destroy();
});

const consolePut = (key: string) =>
  call(itemRoute.PUT, '/api/v1/kv/item', { method: 'PUT', body: { key, value: 'small' } });

async function fillUntilRefused(): Promise<number> {
  for (let i = 0; i < 200; i++) {
    try {
      await etcd.client.put(`/fill/${i}`).value(VALUE);
    } catch (error) {
      expect(String(error)).toMatch(/database space exceeded/);
      return i;
    }
  }
  throw new Error('etcd never ran out of space');
}

describe('NOSPACE', () => {
  it('is shown with the database size against the quota, and disarmed once space is freed', async () => {
    const written = await fillUntilRefused();
    expect(written).toBeGreaterThan(5);

    // Shown, with why it fired.
    const alarms = await call(alarmsRoute.GET, '/api/v1/cluster/alarms');
    expect(alarms.status).toBe(200);
    expect(alarms.body.alarms).toHaveLength(1);
    expect(alarms.body.alarms[0]).toMatchObject({ alarm: 'NOSPACE', memberName: 'm1' });
    expect(alarms.body.alarms[0].reason).toMatch(/of its 2\.00 MiB quota \(\d+%\)/);
    const view = await call(clusterRoute.GET, '/api/v1/cluster');
    expect(view.body.alarms).toMatchObject([{ alarm: 'NOSPACE', memberId: alarms.body.alarms[0].memberId }]);
    expect(view.body.members[0].status.quotaBytes).toBe(QUOTA);

    // The console's writes answer 503 with the way out.
    const refused = await consolePut('/after/k');
    expect(refused.status).toBe(503);
    expect(refused.body.error.message).toMatch(/NOSPACE/);

    // Free space: delete, compact, defragment.
    const deleted = await etcd.client.delete().prefix('/fill/').exec();
    const compacted = await call(compactRoute.POST, '/api/v1/cluster/compact', {
      method: 'POST',
      body: { revision: Number(deleted.header.revision), physical: true },
    });
    expect(compacted.status).toBe(200);
    const started = await call(defragRoute.POST, '/api/v1/cluster/defrag', { method: 'POST' });
    expect(started.status).toBe(202);
    let job = started.body.job;
    for (let i = 0; i < 100 && job.state === 'running'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      job = (await call(defragRoute.GET, '/api/v1/cluster/defrag')).body.job;
    }
    expect(job.state).toBe('done');
    expect(job.steps[0].dbSizeAfter).toBeLessThan(QUOTA / 2);
    // The record could not be written while etcd refused puts; the job went on without it.
    expect(job.log.some((e: { message: string }) => /could not record/.test(e.message))).toBe(true);

    // Still refused until the alarm is disarmed.
    expect((await consolePut('/after/k')).status).toBe(503);
    const disarmed = await call(disarmRoute.POST, '/api/v1/cluster/alarms/disarm', {
      method: 'POST',
      body: {},
    });
    expect(disarmed.status).toBe(200);
    expect(disarmed.body.disarmed).toHaveLength(1);
    expect(disarmed.body.remaining).toEqual([]);
    // etcd3 counted the refused puts as connection faults and opened the console client's breaker for 0.5 s.
    let status = 0;
    for (let i = 0; i < 20 && status !== 200; i++) {
      status = (await consolePut('/after/k')).status;
      if (status !== 200) await new Promise((r) => setTimeout(r, 100));
    }
    expect(status).toBe(200);
  });
});
