// How long finished commands and work reports stay in etcd: read from the environment, validated once.
import { z } from 'zod';

const count = (fallback: number) => z.coerce.number().int().min(0).default(fallback);
const seconds = (fallback: number) => z.coerce.number().int().min(0).default(fallback);

const retentionEnv = z.object({
  COMMANDS_RETAIN_COUNT: count(1000),
  COMMANDS_RETAIN_SECONDS: seconds(7 * 86_400),
  TASKS_RETAIN_COUNT: count(500),
  TASKS_RETAIN_SECONDS: seconds(86_400),
  DISPATCH_PRUNE_INTERVAL_SECONDS: seconds(60),
});

export type RetentionPolicy = {
  /** Finished commands kept per group, newest first. */
  commandsCount: number;
  /** Finished commands older than this (by finish time) are deleted. */
  commandsSeconds: number;
  /** Finished or lost work reports kept in all. */
  tasksCount: number;
  tasksSeconds: number;
  /** The least time between two prunes by one console process. */
  pruneIntervalSeconds: number;
};

export function readRetentionPolicy(env: NodeJS.ProcessEnv = process.env): RetentionPolicy {
  const parsed = retentionEnv.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`Invalid configuration: ${String(issue?.path[0])}: ${issue?.message ?? 'invalid'}`);
  }
  const e = parsed.data;
  return {
    commandsCount: e.COMMANDS_RETAIN_COUNT,
    commandsSeconds: e.COMMANDS_RETAIN_SECONDS,
    tasksCount: e.TASKS_RETAIN_COUNT,
    tasksSeconds: e.TASKS_RETAIN_SECONDS,
    pruneIntervalSeconds: e.DISPATCH_PRUNE_INTERVAL_SECONDS,
  };
}
