// A command's timeline, assembled from its durable keys (and the live progress of running slots).
import type { CommandKeys } from '@etcd-console/core/worker';
import type { TimelineEvent } from './schemas';

type Draft = Omit<TimelineEvent, 'slot' | 'workerId' | 'attempt' | 'message'> & Partial<TimelineEvent>;

function event(draft: Draft): TimelineEvent {
  return { slot: null, workerId: null, attempt: null, message: '', ...draft };
}

export function commandTimeline(entry: CommandKeys): TimelineEvent[] {
  const spec = entry.spec?.data;
  const events: TimelineEvent[] = [];
  if (spec) {
    const message = spec.retryOf ? `by ${spec.creator}, retrying ${spec.retryOf}` : `by ${spec.creator}`;
    events.push(event({ at: spec.createdAt, type: 'created', message }));
  }
  for (const [slot, attempts] of entry.history) {
    for (const [attempt, byEvent] of attempts) {
      for (const [name, stored] of byEvent) {
        const record = stored.data;
        if (!record) continue;
        const base = { at: record.at, slot, attempt, workerId: record.workerId };
        if (name === 'claimed')
          events.push(event({ ...base, type: 'claimed', message: `claimed by ${record.workerId}` }));
        else if (name === 'lost')
          events.push(
            event({ ...base, type: 'requeued', message: `worker ${record.workerId} lost, requeued` }),
          );
        else
          events.push(
            event({
              ...base,
              type: 'requeued',
              message: `released by ${record.workerId} (${record.reason ?? 'closing'}), requeued`,
            }),
          );
      }
    }
  }
  for (const [slot, run] of entry.runs) {
    const progress = run.progress?.data;
    if (progress) {
      const percent = progress.percent === null ? '' : `${Math.round(progress.percent)}% `;
      events.push(
        event({
          at: progress.updatedAt,
          type: 'progress',
          slot,
          workerId: progress.workerId,
          attempt: progress.attempt,
          message: `${percent}${progress.message}`.trim(),
        }),
      );
    }
    const result = run.result?.data;
    if (result) {
      const message = result.error?.message ?? (result.by ? `recorded by ${result.by}` : '');
      events.push(
        event({
          at: result.finishedAt,
          type: result.status,
          slot,
          workerId: result.workerId,
          attempt: result.attempt,
          message,
        }),
      );
    }
  }
  const cancel = entry.cancel?.data;
  if (cancel)
    events.push(event({ at: cancel.requestedAt, type: 'cancel-requested', message: `by ${cancel.by}` }));
  for (const [newId, stored] of entry.retries) {
    if (stored.data)
      events.push(
        event({ at: stored.data.at, type: 'retried', message: `retried as ${newId} by ${stored.data.by}` }),
      );
  }
  return events.sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || order(a) - order(b));
}

const typeOrder: Record<TimelineEvent['type'], number> = {
  created: 0,
  claimed: 1,
  progress: 2,
  'cancel-requested': 3,
  requeued: 4,
  succeeded: 5,
  failed: 5,
  cancelled: 5,
  retried: 6,
};

function order(e: TimelineEvent): number {
  return typeOrder[e.type];
}
