// Retention: finished commands and work reports past the configured count or age are pruned by the API's reads.

import { reportTask, sendCommand } from '@etcd-console/sdk/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../fixtures/worker-harness';
import { resetConsoleClient } from '../helpers/console-env';
import { startTestEtcd, type TestEtcd } from '../helpers/etcd';

describe('dispatch: retention', () => {
  let etcd: TestEtcd;
  let commands: typeof import('@/app/api/v1/commands/route');
  let cancel: typeof import('@/app/api/v1/commands/[id]/cancel/route');
  let tasks: typeof import('@/app/api/v1/tasks/route');

  beforeAll(async () => {
    etcd = await startTestEtcd();
    process.env.ETCD_ENDPOINTS = etcd.endpoints.join(',');
    resetConsoleClient();
    commands = await import('@/app/api/v1/commands/route');
    cancel = await import('@/app/api/v1/commands/[id]/cancel/route');
    tasks = await import('@/app/api/v1/tasks/route');
  });

  afterAll(async () => {
    for (const name of ['COMMANDS_RETAIN_COUNT', 'TASKS_RETAIN_COUNT', 'DISPATCH_PRUNE_INTERVAL_SECONDS'])
      delete process.env[name];
    resetConsoleClient();
    await etcd?.destroy();
  });

  it('keeps the newest finished commands and tasks per the policy, and every active command', async () => {
    process.env.DISPATCH_PRUNE_INTERVAL_SECONDS = '0';
    process.env.COMMANDS_RETAIN_COUNT = '2';
    process.env.TASKS_RETAIN_COUNT = '1';
    const connection = { client: etcd.client };
    const ids: string[] = [];
    for (let i = 0; i < 5; i++)
      ids.push((await sendCommand({ ...connection, group: 'keep', type: 'echo' })).id);
    // The first four finish (cancelled while queued); the last stays queued.
    for (const id of ids.slice(0, 4)) {
      await new Promise((r) => setTimeout(r, 5));
      await call(cancel.POST, { method: 'POST', path: `/api/v1/commands/${id}/cancel`, params: { id } });
    }
    for (const name of ['one', 'two']) await (await reportTask({ ...connection, name })).done();

    await call(commands.GET, { path: '/api/v1/commands?group=keep' }); // this read prunes
    const left = await call(commands.GET, { path: '/api/v1/commands?group=keep' });
    expect(left.json.commands.map((c: { id: string }) => c.id)).toEqual([ids[4], ids[3], ids[2]]);
    expect(await etcd.client.get(`/commands/_index/${ids[0]}`).string()).toBeNull();
    expect(await etcd.client.getAll().prefix(`/commands/keep/${ids[0]}/`).count()).toBe(0);

    const reports = await call(tasks.GET, { path: '/api/v1/tasks' });
    expect(reports.json.tasks.map((t: { name: string }) => t.name)).toEqual(['two']);
  });
});
