// 5 worker processes, 200 "any" commands: each succeeds exactly once, and etcd's history shows one holder at a time.
import type { Namespace } from 'etcd3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditClaims, call, readHistory, waitFor } from '../fixtures/worker-harness';
import { handlerRuns, spawnWorkers, type WorkerProcess } from '../fixtures/worker-pool';
import { resetConsoleClient } from '../helpers/console-env';
import { startTestEtcd, type TestEtcd } from '../helpers/etcd';

const PREFIX = '/claims-test';
const GROUP = 'push';

describe('dispatch: claims by competing worker processes', () => {
  let etcd: TestEtcd;
  let kv: Namespace;
  let workers: WorkerProcess[] = [];
  let commands: typeof import('@/app/api/v1/commands/route');
  let command: typeof import('@/app/api/v1/commands/[id]/route');

  beforeAll(async () => {
    etcd = await startTestEtcd();
    kv = etcd.client.namespace(PREFIX);
    process.env.ETCD_ENDPOINTS = etcd.endpoints.join(',');
    process.env.ETCD_PREFIX = PREFIX;
    resetConsoleClient();
    commands = await import('@/app/api/v1/commands/route');
    command = await import('@/app/api/v1/commands/[id]/route');
    workers = await spawnWorkers(5, {
      endpoints: etcd.endpoints,
      prefix: PREFIX,
      group: GROUP,
      concurrency: 4,
      workMs: 40,
    });
  });

  afterAll(async () => {
    await Promise.all(workers.map((w) => w.stop()));
    resetConsoleClient();
    delete process.env.ETCD_PREFIX;
    await etcd?.destroy();
  });

  async function currentRevision(): Promise<number> {
    return Number((await kv.get('/').exec()).header.revision);
  }

  it('runs 200 any commands exactly once each, never held by two workers at once', async () => {
    const from = await currentRevision();
    const ids: string[] = [];
    for (let batch = 0; batch < 10; batch++) {
      const created = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          call(commands.POST, {
            method: 'POST',
            path: '/api/v1/commands',
            body: { group: GROUP, type: 'echo', payload: { n: batch * 20 + i }, mode: 'any' },
          }),
        ),
      );
      for (const res of created) {
        expect(res.status).toBe(201);
        expect(res.json.listeners).toBe(5);
        ids.push(res.json.id);
      }
    }
    await waitFor(
      async () => {
        const res = await call(commands.GET, {
          path: `/api/v1/commands?group=${GROUP}&state=succeeded&limit=500`,
        });
        return res.json.commands.length === 200;
      },
      45_000,
      '200 succeeded commands',
    );

    // Every handler ran once (worker logs) and every result was written once (etcd history).
    const runs = handlerRuns(workers);
    expect(ids.filter((id) => runs.get(id) !== 1)).toEqual([]);
    const audit = auditClaims(await readHistory(kv, `/commands/${GROUP}/`, from));
    expect(audit.violations).toEqual([]);
    expect(ids.filter((id) => audit.claims.get(id) !== 1)).toEqual([]);
    expect(ids.filter((id) => audit.resultPuts.get(id) !== 1)).toEqual([]);
    // The work was shared out.
    const busy = workers.filter((w) => w.lines.some((l) => l.event === 'run'));
    expect(busy.length).toBeGreaterThanOrEqual(3);

    const detail = await call(command.GET, { path: `/api/v1/commands/${ids[7]}`, params: { id: ids[7]! } });
    expect(detail.json).toMatchObject({ state: 'succeeded', payload: { n: 7 }, requeues: 0 });
    expect(detail.json.runs[0]).toMatchObject({
      slot: '_any',
      state: 'succeeded',
      attempt: 1,
      result: { echo: { n: 7 } },
    });
    expect(detail.json.timeline.map((e: { type: string }) => e.type)).toEqual([
      'created',
      'claimed',
      'succeeded',
    ]);
  });

  it('runs an all command once on each live worker', async () => {
    const res = await call(commands.POST, {
      method: 'POST',
      path: '/api/v1/commands',
      body: { group: GROUP, type: 'echo', payload: 'everyone', mode: 'all' },
    });
    expect(res.status).toBe(201);
    expect(res.json.listeners).toBe(5);
    const id = res.json.id as string;
    const detail = await waitFor(
      async () => {
        const d = await call(command.GET, { path: `/api/v1/commands/${id}`, params: { id } });
        return d.json.state === 'succeeded' ? d.json : null;
      },
      15_000,
      'the all command to finish',
    );
    expect(detail.targets).toEqual(['w1', 'w2', 'w3', 'w4', 'w5']);
    expect(
      detail.runs.map((r: { workerId: string; state: string }) => `${r.workerId}:${r.state}`).sort(),
    ).toEqual(['w1', 'w2', 'w3', 'w4', 'w5'].map((w) => `${w}:succeeded`));
    expect(workers.map((w) => w.lines.filter((l) => l.event === 'run' && l.commandId === id).length)).toEqual(
      [1, 1, 1, 1, 1],
    );
  });
});
