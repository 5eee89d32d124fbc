// zod schemas of the dispatch API: request bodies, query strings, params and response shapes.

import { dispatchName, errorRecord, runningEntry } from '@etcd-console/core/worker';
import { z } from 'zod';

export const commandStateSchema = z.enum(['queued', 'running', 'succeeded', 'failed', 'cancelled']);
export const runStateSchema = z.enum(['queued', 'running', 'succeeded', 'failed', 'cancelled', 'lost']);
export const MAX_DEADLINE_SECONDS = 30 * 86_400;

export const createCommandBody = z.strictObject({
  group: dispatchName.describe('the worker group that runs it'),
  workerId: dispatchName.optional().describe('address one worker of the group instead of any'),
  type: dispatchName.describe('the handler name, e.g. "push"'),
  payload: z.json().optional().describe('any JSON value handed to the handler; default null'),
  mode: z
    .enum(['any', 'all'])
    .describe('"any": exactly one worker runs it; "all": every live worker runs it once'),
  deadlineSeconds: z
    .number()
    .int()
    .positive()
    .max(MAX_DEADLINE_SECONDS)
    .optional()
    .describe('fail the command if it has not finished this many seconds after creation'),
});
export type CreateCommandBody = z.infer<typeof createCommandBody>;

export const createCommandResponse = z.object({
  id: z.string(),
  group: z.string(),
  state: commandStateSchema,
  listeners: z
    .number()
    .int()
    .describe('live workers of the group that handle this type (0: it waits in the queue)'),
  retryOf: z.string().nullable(),
  revision: z.number(),
});

export const listCommandsQuery = z.object({
  group: dispatchName.optional(),
  state: commandStateSchema.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: dispatchName.optional().describe('nextCursor of the previous page'),
});

export const commandIdParams = z.object({ id: dispatchName });

export const runView = z.object({
  slot: z.string().describe('"_any" for mode any, else the worker id'),
  workerId: z.string().nullable(),
  state: runStateSchema,
  attempt: z.number().int(),
  percent: z.number().nullable(),
  message: z.string(),
  claimedAt: z.string().nullable(),
  progressAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  result: z.unknown(),
  error: errorRecord.nullable(),
  lease: z.string().nullable().describe('the claimant lease, decimal'),
});
export type RunView = z.infer<typeof runView>;

export const timelineEvent = z.object({
  at: z.string(),
  type: z.enum([
    'created',
    'claimed',
    'progress',
    'requeued',
    'cancel-requested',
    'succeeded',
    'failed',
    'cancelled',
    'retried',
  ]),
  slot: z.string().nullable(),
  workerId: z.string().nullable(),
  attempt: z.number().int().nullable(),
  message: z.string(),
});
export type TimelineEvent = z.infer<typeof timelineEvent>;

export const commandSummary = z.object({
  id: z.string(),
  group: z.string(),
  type: z.string(),
  mode: z.enum(['any', 'all']),
  workerId: z.string().nullable(),
  targets: z.array(z.string()),
  creator: z.string(),
  createdAt: z.string(),
  deadline: z.string().nullable(),
  retryOf: z.string().nullable(),
  retriedAs: z.array(z.string()),
  state: commandStateSchema,
  cancelRequested: z.boolean(),
  requeues: z.number().int().describe('times the command went back to the queue (worker lost or released)'),
  finishedAt: z.string().nullable(),
  runs: z.array(runView),
});
export type CommandSummary = z.infer<typeof commandSummary>;

export const commandDetail = commandSummary.extend({
  payload: z.unknown(),
  timeline: z.array(timelineEvent),
  revision: z.number(),
});
export type CommandDetail = z.infer<typeof commandDetail>;

export const commandListResponse = z.object({
  commands: z.array(commandSummary),
  nextCursor: z.string().nullable(),
  revision: z.number(),
});

export const workersQuery = z.object({ group: dispatchName.optional() });

export const workerView = z.object({
  id: z.string(),
  group: z.string(),
  hostname: z.string(),
  pid: z.number().nullable(),
  capacity: z.number().int(),
  version: z.string(),
  types: z.array(z.string()),
  startedAt: z.string(),
  updatedAt: z.string().nullable(),
  lease: z.string().describe('decimal lease id'),
  ttlSeconds: z.number().nullable().describe('granted TTL'),
  remainingTtlSeconds: z.number().nullable(),
  running: z.array(runningEntry.extend({ percent: z.number().nullable(), message: z.string() })),
});
export type WorkerView = z.infer<typeof workerView>;

export const workersResponse = z.object({
  groups: z.array(z.object({ group: z.string(), workers: z.array(workerView) })),
  revision: z.number(),
});

export const taskStateSchema = z.enum(['running', 'succeeded', 'failed', 'lost']);

export const taskView = z.object({
  id: z.string(),
  name: z.string(),
  parent: z.string().nullable(),
  children: z.array(z.string()),
  state: taskStateSchema,
  percent: z.number().nullable(),
  message: z.string(),
  hostname: z.string(),
  pid: z.number().nullable(),
  startedAt: z.string(),
  updatedAt: z.string(),
  finishedAt: z.string().nullable(),
  result: z.unknown(),
  error: errorRecord.nullable(),
  lease: z.string().nullable(),
});
export type TaskView = z.infer<typeof taskView>;

export const tasksQuery = z.object({
  state: taskStateSchema.optional(),
  parent: dispatchName.optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});

export const taskIdParams = z.object({ id: dispatchName });

export const tasksResponse = z.object({ tasks: z.array(taskView), revision: z.number() });
export const taskResponse = taskView.extend({ revision: z.number() });
