// The dispatch HTTP API against a real etcd and in-process workers: validation, queueing, cancel, retry, deadlines.

import { startWorker, type Worker } from '@etcd-console/sdk/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, waitFor } from '../fixtures/worker-harness';
import { resetConsoleClient } from '../helpers/console-env';
import { startTestEtcd, type TestEtcd } from '../helpers/etcd';

describe('dispatch API', () => {
  let etcd: TestEtcd;
  const started: Worker[] = [];
  let commands: typeof import('@/app/api/v1/commands/route');
  let command: typeof import('@/app/api/v1/commands/[id]/route');
  let cancel: typeof import('@/app/api/v1/commands/[id]/cancel/route');
  let retry: typeof import('@/app/api/v1/commands/[id]/retry/route');
  let workersRoute: typeof import('@/app/api/v1/workers/route');

  beforeAll(async () => {
    etcd = await startTestEtcd();
    process.env.ETCD_ENDPOINTS = etcd.endpoints.join(',');
    resetConsoleClient();
    commands = await import('@/app/api/v1/commands/route');
    command = await import('@/app/api/v1/commands/[id]/route');
    cancel = await import('@/app/api/v1/commands/[id]/cancel/route');
    retry = await import('@/app/api/v1/commands/[id]/retry/route');
    workersRoute = await import('@/app/api/v1/workers/route');
  });

  afterAll(async () => {
    await Promise.all(started.map((w) => w.close({ graceMs: 0 })));
    resetConsoleClient();
    await etcd?.destroy();
  });

  const worker = async (group: string, handlers: Parameters<typeof startWorker>[0]['handlers']) => {
    const w = await startWorker({
      group,
      id: `${group}-1`,
      handlers,
      ttlSeconds: 2,
      etcd: { endpoints: etcd.endpoints },
    });
    started.push(w);
    return w;
  };
  const post = (body: unknown) => call(commands.POST, { method: 'POST', path: '/api/v1/commands', body });
  const get = (id: string) => call(command.GET, { path: `/api/v1/commands/${id}`, params: { id } });
  const until = (id: string, state: string, ms = 10_000) =>
    waitFor(
      async () => ((await get(id)).json.state === state ? (await get(id)).json : null),
      ms,
      `${id} ${state}`,
    );

  it.each([
    ['missing group', { type: 'echo', mode: 'any' }, 400],
    ['malformed group', { group: 'a/b', type: 'echo', mode: 'any' }, 400],
    ['group starting with _', { group: '_index', type: 'echo', mode: 'any' }, 400],
    ['missing type', { group: 'g', mode: 'any' }, 400],
    ['unknown mode', { group: 'g', type: 'echo', mode: 'some' }, 400],
    ['missing mode', { group: 'g', type: 'echo' }, 400],
    ['negative deadline', { group: 'g', type: 'echo', mode: 'any', deadlineSeconds: -5 }, 400],
    ['zero deadline', { group: 'g', type: 'echo', mode: 'any', deadlineSeconds: 0 }, 400],
    ['fractional deadline', { group: 'g', type: 'echo', mode: 'any', deadlineSeconds: 1.5 }, 400],
    ['unknown field', { group: 'g', type: 'echo', mode: 'any', priority: 1 }, 400],
    ['payload not JSON', '{"group":"g","type":"echo","mode":"any","payload": nope}', 400],
    ['payload too large', { group: 'g', type: 'echo', mode: 'any', payload: 'x'.repeat(1_100_000) }, 413],
  ])('rejects %s with %i and writes nothing', async (_name, body, status) => {
    const before = await etcd.client.getAll().prefix('/commands/').count();
    const res =
      typeof body === 'string'
        ? await call(commands.POST, { method: 'POST', path: '/api/v1/commands', raw: body })
        : await post(body);
    expect(res.status).toBe(status);
    expect(res.json.error.code).toBeTypeOf('string');
    expect(await etcd.client.getAll().prefix('/commands/').count()).toBe(before);
  });

  it('rejects a body that is not sent as JSON', async () => {
    const res = await call(commands.POST, {
      method: 'POST',
      path: '/api/v1/commands',
      raw: 'group=g',
      contentType: 'text/plain',
    });
    expect(res.status).toBe(400);
  });

  it('accepts a command for a group with no live worker and keeps it queued until one arrives', async () => {
    const res = await post({ group: 'late', type: 'echo', payload: { a: 1 }, mode: 'any' });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ listeners: 0, state: 'queued' });
    await new Promise((r) => setTimeout(r, 1000));
    expect((await get(res.json.id)).json.state).toBe('queued');
    await worker('late', { echo: (payload) => ({ got: payload }) });
    const done = await until(res.json.id, 'succeeded');
    expect(done.runs[0]).toMatchObject({ workerId: 'late-1', result: { got: { a: 1 } } });
  });

  it('delivers cancel to a running handler through ctx.signal, then retries as a new command', async () => {
    let calls = 0;
    let seen: unknown = null;
    await worker('hold', {
      hold: async (_payload, ctx) => {
        calls++;
        if (calls > 1) return 'second time lucky';
        ctx.progress(25, 'holding');
        await new Promise((resolve) => ctx.signal.addEventListener('abort', resolve, { once: true }));
        seen = ctx.signal.reason;
        throw ctx.signal.reason;
      },
    });
    const { id } = (await post({ group: 'hold', type: 'hold', mode: 'any' })).json;
    await until(id, 'running');
    const workers = await waitFor(
      async () => {
        const res = await call(workersRoute.GET, { path: '/api/v1/workers?group=hold' });
        const w = res.json.groups[0]?.workers[0];
        return w?.running.length === 1 ? w : null;
      },
      5000,
      'the worker to report its running command',
    );
    expect(workers).toMatchObject({ id: 'hold-1', capacity: 1, types: ['hold'], ttlSeconds: 2 });
    expect(workers.lease).toMatch(/^\d+$/);
    expect(workers.running[0]).toMatchObject({ commandId: id, type: 'hold' });
    expect(
      (await call(retry.POST, { method: 'POST', path: `/api/v1/commands/${id}/retry`, params: { id } }))
        .status,
    ).toBe(409);

    const cancelled = await call(cancel.POST, {
      method: 'POST',
      path: `/api/v1/commands/${id}/cancel`,
      params: { id },
    });
    expect(cancelled.status).toBe(200);
    expect(cancelled.json.cancelRequested).toBe(true);
    const final = await until(id, 'cancelled');
    expect(seen).toMatchObject({ name: 'CommandAbortError', reason: 'cancelled' });
    expect(final.runs[0]).toMatchObject({
      state: 'cancelled',
      error: { code: 'cancelled' },
      percent: 25,
      message: 'holding',
    });
    expect(final.timeline.map((e: { type: string }) => e.type)).toEqual([
      'created',
      'claimed',
      'cancel-requested',
      'cancelled',
    ]);
    expect(
      (await call(cancel.POST, { method: 'POST', path: `/api/v1/commands/${id}/cancel`, params: { id } }))
        .status,
    ).toBe(409);

    const again = await call(retry.POST, {
      method: 'POST',
      path: `/api/v1/commands/${id}/retry`,
      params: { id },
    });
    expect(again.status).toBe(201);
    expect(again.json).toMatchObject({ retryOf: id, listeners: 1 });
    await until(again.json.id, 'succeeded');
    expect((await get(id)).json.retriedAs).toEqual([again.json.id]);
  });

  it('gives running work back to the queue when a worker closes, and another worker finishes it', async () => {
    const first = await startWorker({
      group: 'handover',
      id: 'handover-0',
      ttlSeconds: 2,
      etcd: { endpoints: etcd.endpoints },
      handlers: {
        long: (_payload, ctx) =>
          new Promise((_resolve, reject) =>
            ctx.signal.addEventListener('abort', () => reject(ctx.signal.reason)),
          ),
      },
    });
    const { id } = (await post({ group: 'handover', type: 'long', mode: 'any' })).json;
    await until(id, 'running');
    await first.close({ graceMs: 100 });
    const queued = (await get(id)).json;
    expect(queued).toMatchObject({ state: 'queued', requeues: 1 });
    expect(queued.timeline.at(-1)).toMatchObject({ type: 'requeued', workerId: 'handover-0' });
    await worker('handover', { long: () => 'finished by the second worker' });
    const done = await until(id, 'succeeded');
    expect(done.runs[0]).toMatchObject({
      workerId: 'handover-1',
      attempt: 2,
      result: 'finished by the second worker',
    });
  });

  it('cancels a queued command without any worker running it', async () => {
    const { id } = (await post({ group: 'nobody', type: 'echo', mode: 'all' })).json;
    const res = await call(cancel.POST, {
      method: 'POST',
      path: `/api/v1/commands/${id}/cancel`,
      params: { id },
    });
    expect(res.json.state).toBe('cancelled');
  });

  it('fails a command whose deadline passes with no worker, and records it in etcd', async () => {
    const { id } = (await post({ group: 'nobody', type: 'echo', mode: 'any', deadlineSeconds: 1 })).json;
    await new Promise((r) => setTimeout(r, 1200));
    const res = await get(id);
    expect(res.json).toMatchObject({
      state: 'failed',
      runs: [{ state: 'failed', error: { code: 'deadline' } }],
    });
    const stored = await etcd.client.get(`/commands/nobody/${id}/runs/_any/result`).json();
    expect(stored).toMatchObject({ status: 'failed', by: 'console' });
  });

  it('answers 404 for an unknown command and 400 for a malformed id', async () => {
    expect((await get('nope-123')).status).toBe(404);
    expect((await get('../x')).status).toBe(400);
  });
});
