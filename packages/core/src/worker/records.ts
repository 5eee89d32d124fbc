// The JSON stored at each dispatch key. Readers are lenient: unknown fields are ignored, defaults fill gaps.
import { z } from 'zod';

const time = z.string();
const nullableText = z.string().nullable().default(null);

export const commandMode = z.enum(['any', 'all']);
export type CommandMode = z.infer<typeof commandMode>;

/** /commands/<group>/<id>/spec — durable, written once by whoever creates the command. */
export const commandSpecRecord = z.object({
  id: z.string(),
  group: z.string(),
  type: z.string(),
  payload: z.unknown().default(null),
  mode: commandMode,
  workerId: nullableText,
  targets: z.array(z.string()).default([]),
  creator: z.string().default('unknown'),
  createdAt: time,
  deadline: z.string().nullable().default(null),
  retryOf: nullableText,
});
export type CommandSpecRecord = z.infer<typeof commandSpecRecord>;

/** runs/<slot>/claim — leased to the claimant. */
export const claimRecord = z.object({ workerId: z.string(), attempt: z.number().int(), claimedAt: time });
export type ClaimRecord = z.infer<typeof claimRecord>;

/** runs/<slot>/progress — leased to the claimant. */
export const progressRecord = z.object({
  workerId: z.string(),
  attempt: z.number().int(),
  percent: z.number().nullable().default(null),
  message: z.string().default(''),
  updatedAt: time,
});
export type ProgressRecord = z.infer<typeof progressRecord>;

export const errorRecord = z.object({
  message: z.string(),
  name: z.string().optional(),
  code: z.string().optional(),
});
export type ErrorRecord = z.infer<typeof errorRecord>;

export const runStatus = z.enum(['succeeded', 'failed', 'cancelled']);
export type RunStatus = z.infer<typeof runStatus>;

/** runs/<slot>/result — durable; written once per slot. */
export const resultRecord = z.object({
  workerId: z.string().nullable().default(null),
  attempt: z.number().int().default(0),
  status: runStatus,
  result: z.unknown().default(null),
  error: errorRecord.nullable().default(null),
  startedAt: z.string().nullable().default(null),
  finishedAt: time,
  percent: z.number().nullable().default(null),
  message: z.string().default(''),
  /** Who wrote it when not the runner, e.g. "console" for a deadline failure. */
  by: z.string().optional(),
});
export type ResultRecord = z.infer<typeof resultRecord>;

/** history/<slot>/<attempt>/<event> — durable. */
export const historyRecord = z.object({
  workerId: z.string().nullable().default(null),
  at: time,
  by: z.string().optional(),
  reason: z.string().optional(),
});
export type HistoryRecord = z.infer<typeof historyRecord>;

/** cancel — durable marker. */
export const cancelRecord = z.object({ requestedAt: time, by: z.string().default('unknown') });
export type CancelRecord = z.infer<typeof cancelRecord>;

/** retries/<newId> — durable pointer to the command a retry created. */
export const retryRecord = z.object({ at: time, by: z.string().default('unknown') });
export type RetryRecord = z.infer<typeof retryRecord>;

export const runningEntry = z.object({
  commandId: z.string(),
  type: z.string(),
  slot: z.string(),
  attempt: z.number().int(),
  since: time,
});
export type RunningEntry = z.infer<typeof runningEntry>;

/** /workers/<group>/<workerId> — leased to the worker. */
export const workerRecord = z.object({
  id: z.string(),
  group: z.string(),
  hostname: z.string().default(''),
  pid: z.number().int().nullable().default(null),
  capacity: z.number().int().default(1),
  version: z.string().default(''),
  types: z.array(z.string()).default([]),
  ttlSeconds: z.number().int().nullable().default(null),
  startedAt: time,
  updatedAt: z.string().nullable().default(null),
  running: z.array(runningEntry).default([]),
});
export type WorkerRecord = z.infer<typeof workerRecord>;

/** /tasks/<taskId> — leased to the reporter while the task runs. */
export const taskLiveRecord = z.object({
  id: z.string(),
  name: z.string(),
  parent: nullableText,
  percent: z.number().nullable().default(null),
  message: z.string().default(''),
  hostname: z.string().default(''),
  pid: z.number().int().nullable().default(null),
  startedAt: time,
  updatedAt: time,
});
export type TaskLiveRecord = z.infer<typeof taskLiveRecord>;

/** /tasks/_records/<taskId> — durable; "running" until the reporter finishes it. */
export const taskRecord = taskLiveRecord.extend({
  state: z.enum(['running', 'succeeded', 'failed']),
  finishedAt: z.string().nullable().default(null),
  result: z.unknown().default(null),
  error: errorRecord.nullable().default(null),
});
export type TaskRecord = z.infer<typeof taskRecord>;

/** Parses stored bytes; null for bytes that are not JSON or do not fit the schema. */
export function decodeRecord<S extends z.ZodType>(schema: S, value: Buffer | string): z.infer<S> | null {
  try {
    const parsed = schema.safeParse(JSON.parse(value.toString()));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
