// Workers SIGKILLed mid-run: their claims expire with their leases and the commands run elsewhere.
import type { Namespace } from 'etcd3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditClaims, call, readHistory, waitFor } from '../fixtures/worker-harness';
import { spawnWorkers, type WorkerProcess } from '../fixtures/worker-pool';
import { resetConsoleClient } from '../helpers/console-env';
import { startTestEtcd, type TestEtcd } from '../helpers/etcd';

const GROUP = 'push';

describe('dispatch: lost workers', () => {
  let etcd: TestEtcd;
  let kv: Namespace;
  let workers: WorkerProcess[] = [];
  let commands: typeof import('@/app/api/v1/commands/route');
  let command: typeof import('@/app/api/v1/commands/[id]/route');

  beforeAll(async () => {
    etcd = await startTestEtcd();
    kv = etcd.client.namespace('');
    process.env.ETCD_ENDPOINTS = etcd.endpoints.join(',');
    resetConsoleClient();
    commands = await import('@/app/api/v1/commands/route');
    command = await import('@/app/api/v1/commands/[id]/route');
    workers = await spawnWorkers(5, {
      endpoints: etcd.endpoints,
      group: GROUP,
      concurrency: 2,
      workMs: 300,
      ttlSeconds: 2,
    });
  });

  afterAll(async () => {
    await Promise.all(workers.map((w) => w.stop()));
    resetConsoleClient();
    await etcd?.destroy();
  });

  const post = (body: object) => call(commands.POST, { method: 'POST', path: '/api/v1/commands', body });

  it('ends every command succeeded or failed by deadline when workers die mid-run', async () => {
    const from = Number((await kv.get('/').exec()).header.revision);
    const echo: string[] = [];
    const late: string[] = [];
    // Five that cannot finish in time, then 200 that can.
    for (let i = 0; i < 5; i++) {
      late.push(
        (
          await post({
            group: GROUP,
            type: 'sleep',
            payload: { ms: 10_000 },
            mode: 'any',
            deadlineSeconds: 2,
          })
        ).json.id,
      );
    }
    for (let batch = 0; batch < 10; batch++) {
      const created = await Promise.all(
        Array.from({ length: 20 }, () =>
          post({ group: GROUP, type: 'echo', payload: null, mode: 'any', deadlineSeconds: 60 }),
        ),
      );
      echo.push(...created.map((c) => c.json.id as string));
    }

    // Kill two workers at random moments while they hold work.
    const victims = [workers[1]!, workers[3]!];
    for (const victim of victims) {
      await new Promise((r) => setTimeout(r, 500 + Math.random() * 1500));
      expect(victim.lines.some((l) => l.event === 'run')).toBe(true);
      victim.child.kill('SIGKILL');
      await victim.exited;
    }

    const finished = await waitFor(
      async () => {
        const res = await call(commands.GET, { path: `/api/v1/commands?group=${GROUP}&limit=500` });
        const list = res.json.commands as Array<{
          id: string;
          state: string;
          requeues: number;
          runs: Array<{ error: { code?: string } | null }>;
        }>;
        return list.length === 205 && list.every((c) => c.state === 'succeeded' || c.state === 'failed')
          ? list
          : null;
      },
      60_000,
      'every command to finish',
    );
    const byId = new Map(finished.map((c) => [c.id, c]));
    expect(echo.filter((id) => byId.get(id)?.state !== 'succeeded')).toEqual([]);
    for (const id of late) {
      expect(byId.get(id)).toMatchObject({ state: 'failed' });
      expect(byId.get(id)?.runs[0]?.error?.code).toBe('deadline');
    }

    // Some commands went back to the queue, and their history says why.
    const requeued = finished.filter((c) => c.requeues > 0);
    expect(requeued.length).toBeGreaterThan(0);
    const detail = await call(command.GET, {
      path: `/api/v1/commands/${requeued[0]!.id}`,
      params: { id: requeued[0]!.id },
    });
    const messages = detail.json.timeline.map(
      (e: { type: string; message: string }) => `${e.type}: ${e.message}`,
    );
    expect(messages.some((m: string) => /^requeued: worker w[24] lost, requeued$/.test(m))).toBe(true);

    // etcd's own history: one holder at a time, one result per command.
    const audit = auditClaims(await readHistory(kv, `/commands/${GROUP}/`, from));
    expect(audit.violations).toEqual([]);
    expect([...echo, ...late].filter((id) => (audit.resultPuts.get(id) ?? 0) !== 1)).toEqual([]);
  });
});
