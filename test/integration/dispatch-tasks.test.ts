// Work reports: live tasks with sub-tasks, finished ones, and a reporter that dies (lost, not "never existed").
import { spawn } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { reportTask } from '@etcd-console/sdk/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, waitFor } from '../fixtures/worker-harness';
import { resetConsoleClient } from '../helpers/console-env';
import { startTestEtcd, type TestEtcd } from '../helpers/etcd';

describe('dispatch: work reports', () => {
  let etcd: TestEtcd;
  let tasks: typeof import('@/app/api/v1/tasks/route');
  let task: typeof import('@/app/api/v1/tasks/[id]/route');

  beforeAll(async () => {
    etcd = await startTestEtcd();
    process.env.ETCD_ENDPOINTS = etcd.endpoints.join(',');
    resetConsoleClient();
    tasks = await import('@/app/api/v1/tasks/route');
    task = await import('@/app/api/v1/tasks/[id]/route');
  });

  afterAll(async () => {
    resetConsoleClient();
    await etcd?.destroy();
  });

  const read = (id: string) => call(task.GET, { path: `/api/v1/tasks/${id}`, params: { id } });

  it('shows a running task with its sub-task, then their outcomes', async () => {
    const parent = await reportTask({ name: 'rebuild index', client: etcd.client, ttlSeconds: 2 });
    const child = await parent.subtask('shard 1');
    child.progress(50, 'half the shard');
    await waitFor(async () => (await read(child.id)).json.percent === 50, 3000, 'child progress');
    const list = await call(tasks.GET, { path: '/api/v1/tasks?state=running' });
    const shown = new Map(list.json.tasks.map((t: { id: string }) => [t.id, t]));
    expect(shown.get(parent.id)).toMatchObject({
      name: 'rebuild index',
      state: 'running',
      children: [child.id],
    });
    expect(shown.get(child.id)).toMatchObject({
      parent: parent.id,
      message: 'half the shard',
      lease: expect.stringMatching(/^\d+$/),
    });

    await child.done({ rows: 10 });
    await parent.fail(new Error('shard 2 unreachable'));
    expect((await read(child.id)).json).toMatchObject({
      state: 'succeeded',
      result: { rows: 10 },
      lease: null,
    });
    expect((await read(parent.id)).json).toMatchObject({
      state: 'failed',
      error: { message: 'shard 2 unreachable' },
    });
    const children = await call(tasks.GET, { path: `/api/v1/tasks?parent=${parent.id}` });
    expect(children.json.tasks.map((t: { id: string }) => t.id)).toEqual([child.id]);
  });

  it('shows a task whose reporter died as lost once its lease expires; unknown ids are 404', async () => {
    const program = path.join(import.meta.dirname, '../fixtures/worker-task.ts');
    const reporter = spawn(process.execPath, ['--import', 'tsx', program], {
      env: { ...process.env, ETCD_ENDPOINTS: etcd.endpoints.join(','), TASK_ID: 'export-1' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const exited = new Promise((resolve) => reporter.once('exit', resolve));
    const ready = await new Promise<{ id: string; child: string }>((resolve) =>
      readline.createInterface({ input: reporter.stdout }).once('line', (line) => resolve(JSON.parse(line))),
    );
    await waitFor(async () => (await read(ready.child)).json.message === 'uploading', 3000, 'the child task');
    expect((await read(ready.id)).json).toMatchObject({ state: 'running', children: [ready.child] });

    reporter.kill('SIGKILL');
    await exited;
    await waitFor(async () => (await read(ready.id)).json.state === 'lost', 8000, 'the task to show as lost');
    // The child reported on a lease of its own, which expires on its own clock (a moment later, on a busy machine).
    await waitFor(
      async () => (await read(ready.child)).json.state === 'lost',
      8000,
      'the child to show as lost',
    );
    expect((await read(ready.child)).json).toMatchObject({
      state: 'lost',
      percent: 10,
      message: 'uploading',
    });
    expect((await read('never-was')).status).toBe(404);
  });
});
