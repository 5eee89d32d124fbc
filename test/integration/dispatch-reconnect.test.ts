// etcd goes away and comes back (same ports, same data): the worker resumes its watch and misses nothing.

import { startWorker, type Worker, type WorkerEvent } from '@etcd-console/sdk/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, waitFor } from '../fixtures/worker-harness';
import { resetConsoleClient } from '../helpers/console-env';
import { startTestEtcd, type TestEtcd } from '../helpers/etcd';

describe('dispatch: a worker across an etcd restart', () => {
  let etcd: TestEtcd;
  let worker: Worker;
  const events: WorkerEvent[] = [];
  const ran: string[] = [];
  let commands: typeof import('@/app/api/v1/commands/route');
  let command: typeof import('@/app/api/v1/commands/[id]/route');

  beforeAll(async () => {
    etcd = await startTestEtcd();
    process.env.ETCD_ENDPOINTS = etcd.endpoints.join(',');
    resetConsoleClient();
    commands = await import('@/app/api/v1/commands/route');
    command = await import('@/app/api/v1/commands/[id]/route');
    worker = await startWorker({
      group: 'sync',
      id: 'sync-1',
      concurrency: 4,
      ttlSeconds: 2,
      etcd: { endpoints: etcd.endpoints, callTimeoutMs: 1000 },
      onEvent: (event) => {
        events.push(event);
      },
      handlers: {
        echo: (payload, ctx) => {
          ran.push(ctx.commandId);
          return payload;
        },
        slow: async (_payload, ctx) => {
          for (let i = 1; i <= 10; i++) {
            await new Promise((r) => setTimeout(r, 200));
            ctx.progress(i * 10);
          }
          return 'slow done';
        },
      },
    });
  });

  afterAll(async () => {
    await worker?.close({ graceMs: 0 });
    resetConsoleClient();
    await etcd?.destroy();
  });

  const post = (body: object) => call(commands.POST, { method: 'POST', path: '/api/v1/commands', body });
  const state = async (id: string) =>
    (await call(command.GET, { path: `/api/v1/commands/${id}`, params: { id } })).json.state;

  it('runs commands written while it was cut off, and finishes the one it held', async () => {
    const slow = (await post({ group: 'sync', type: 'slow', mode: 'any' })).json.id as string;
    await waitFor(async () => (await state(slow)) === 'running', 5000, 'the slow command to start');

    // Longer than 2×TTL: the client gives its lease up and must re-grant, re-register and rebind.
    await etcd.members[0]!.stop();
    await new Promise((r) => setTimeout(r, 5000));
    await etcd.members[0]!.start();

    const ids: string[] = [];
    for (let i = 0; i < 10; i++) {
      const res = await waitFor(
        async () => {
          const r = await post({ group: 'sync', type: 'echo', payload: i, mode: 'any' });
          return r.status === 201 ? r : null;
        },
        15_000,
        'etcd to accept writes again',
      );
      ids.push(res.json.id);
    }
    await waitFor(
      async () => (await Promise.all(ids.map(state))).every((s) => s === 'succeeded'),
      20_000,
      'the 10 commands',
    );
    expect(ids.every((id) => ran.filter((r) => r === id).length === 1)).toBe(true);
    let lastSlow: unknown;
    await waitFor(
      async () => {
        lastSlow = (await call(command.GET, { path: `/api/v1/commands/${slow}`, params: { id: slow } })).json;
        return (lastSlow as { state?: string }).state === 'succeeded';
      },
      15_000,
      'the slow command to finish',
    ).catch((error) => {
      throw new Error(
        `${error.message}; it was ${JSON.stringify(lastSlow)}; worker events: ${events.map((e) => e.type).join(', ')}`,
      );
    });
    expect(events.some((e) => e.type === 'lease-lost')).toBe(true);
    expect(events.some((e) => e.type === 'lease-renewed')).toBe(true);
    expect(worker.leaseId()).toMatch(/^\d+$/);
  });
});

describe('dispatch: a worker cut off from a 3-member cluster', () => {
  let etcd: TestEtcd;
  let worker: Worker;
  const ran: string[] = [];
  let commands: typeof import('@/app/api/v1/commands/route');
  let command: typeof import('@/app/api/v1/commands/[id]/route');

  beforeAll(async () => {
    etcd = await startTestEtcd({ members: 3 });
    // The console talks to members 2 and 3; the worker only to member 1, which the test stops.
    process.env.ETCD_ENDPOINTS = etcd.endpoints.slice(1).join(',');
    resetConsoleClient();
    commands = await import('@/app/api/v1/commands/route');
    command = await import('@/app/api/v1/commands/[id]/route');
    worker = await startWorker({
      group: 'edge',
      id: 'edge-1',
      ttlSeconds: 2,
      etcd: { endpoints: [etcd.members[0]!.clientUrl], callTimeoutMs: 1000 },
      handlers: {
        echo: (payload, ctx) => {
          ran.push(ctx.commandId);
          return payload;
        },
      },
    });
  });

  afterAll(async () => {
    await worker?.close({ graceMs: 0 });
    resetConsoleClient();
    await etcd?.destroy();
  });

  const state = async (id: string) =>
    (await call(command.GET, { path: `/api/v1/commands/${id}`, params: { id } })).json.state;

  it('runs the commands written while its member was down once the member is back', async () => {
    await etcd.members[0]!.stop();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await waitFor(
        async () => {
          const r = await call(commands.POST, {
            method: 'POST',
            path: '/api/v1/commands',
            body: { group: 'edge', type: 'echo', payload: i, mode: 'any' },
          });
          return r.status === 201 ? r : null;
        },
        15_000,
        'the remaining members to accept writes',
      );
      ids.push(res.json.id);
    }
    await new Promise((r) => setTimeout(r, 1000));
    expect(await Promise.all(ids.map(state))).toEqual(ids.map(() => 'queued'));

    await etcd.members[0]!.start();
    await waitFor(
      async () => (await Promise.all(ids.map(state))).every((s) => s === 'succeeded'),
      25_000,
      'the 5 commands',
    );
    expect(ids.map((id) => ran.filter((r) => r === id).length)).toEqual([1, 1, 1, 1, 1]);
  });
});
