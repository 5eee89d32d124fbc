import 'server-only';
import { castGrpcError, type Etcd3, type IEvent, type IWatchResponse, Range } from 'etcd3';

export type History = {
  /** Events in revision order, keys relative to the console prefix. */
  events: IEvent[];
  fromRevision: number;
  toRevision: number;
  compacted: boolean;
  truncated: boolean;
};

export type HistoryOptions = {
  since?: number;
  limit: number;
  budgetMs?: number;
  /** Keeps only events of keys (relative to the console prefix) it accepts; they alone count toward `limit`. */
  visible?: (key: Buffer) => boolean;
};

type Collected = { events: IEvent[]; truncated: boolean } | { compactRevision: number };

// etcd sends an unsynced watcher its history in batches of at most ~1000 revisions, each stamped with the store's
// revision; a smaller batch stamped at or past `toRevision` is the last one. With no history to send it sends
// nothing, so a short silence ends the read too.
const BATCH_REVISIONS = 1000;
const QUIET_MS = 400;
const BUDGET_MS = 10_000;

/**
 * The retained MVCC history of every key under `dir` up to `toRevision`, read with a watch from `since` (default:
 * the oldest revision etcd still holds). Keeps the newest `limit` events.
 */
export async function readHistory(
  client: Etcd3,
  prefix: string,
  dir: string,
  toRevision: number,
  options: HistoryOptions,
): Promise<History> {
  let from = options.since ?? 1;
  let compacted = false;
  for (let attempt = 0; attempt < 3; attempt++) {
    if (from > toRevision) return { events: [], fromRevision: from, toRevision, compacted, truncated: false };
    const collected = await collect(client, prefix, dir, from, toRevision, options);
    if ('compactRevision' in collected) {
      from = collected.compactRevision;
      compacted = true;
      continue;
    }
    const events = collected.events.map((event) => relativeEvent(event, prefix.length));
    return { events, fromRevision: from, toRevision, compacted, truncated: collected.truncated };
  }
  throw new Error(`The history under ${dir} kept being compacted while it was read.`);
}

function relativeEvent(event: IEvent, prefixLength: number): IEvent {
  if (prefixLength === 0) return event;
  const kv = { ...event.kv, key: event.kv.key.subarray(prefixLength) };
  const prev = event.prev_kv
    ? { ...event.prev_kv, key: event.prev_kv.key.subarray(prefixLength) }
    : event.prev_kv;
  return { ...event, kv, prev_kv: prev };
}

/** One watch stream from `from`; resolves with the events up to `to`, or with etcd's compaction point. */
async function collect(
  client: Etcd3,
  prefix: string,
  dir: string,
  from: number,
  to: number,
  options: HistoryOptions,
): Promise<Collected> {
  const key = prefix + dir;
  const { visible } = options;
  const stream = await client.watchClient.watch();
  return new Promise<Collected>((resolve, reject) => {
    let events: IEvent[] = [];
    let truncated = false;
    let done = false;
    let quiet: NodeJS.Timeout | undefined;
    const keep = (event: IEvent) => {
      events.push(event);
      // Trim in chunks so a long history costs linear time.
      if (events.length >= options.limit * 2) {
        events = events.slice(-options.limit);
        truncated = true;
      }
    };
    const finish = (outcome: Collected | Error) => {
      if (done) return;
      done = true;
      clearTimeout(quiet);
      clearTimeout(budget);
      stream.on('error', () => {});
      stream.cancel();
      if (outcome instanceof Error) return reject(outcome);
      if ('events' in outcome && outcome.events.length > options.limit) {
        return resolve({ events: outcome.events.slice(-options.limit), truncated: true });
      }
      resolve(outcome);
    };
    const complete = () => finish({ events, truncated });
    const armQuiet = () => {
      clearTimeout(quiet);
      quiet = setTimeout(complete, QUIET_MS);
    };
    const budget = setTimeout(() => {
      truncated = true;
      complete();
    }, options.budgetMs ?? BUDGET_MS);
    stream.on('error', (error) => finish(castGrpcError(error)));
    stream.on('end', () => finish(new Error('The watch stream ended while reading history.')));
    stream.on('data', (res: IWatchResponse) => {
      if (res.canceled) {
        const compactRevision = Number(res.compact_revision);
        return finish(
          compactRevision > 0 ? { compactRevision } : new Error(`Watch cancelled: ${res.cancel_reason}`),
        );
      }
      if (res.created) return armQuiet();
      const revisions = new Set<string>();
      for (const event of res.events) {
        // A live event past `to` means all history before it has arrived.
        if (Number(event.kv.mod_revision) > to) return complete();
        revisions.add(event.kv.mod_revision);
        if (!visible || visible(event.kv.key.subarray(prefix.length))) keep(event);
      }
      if (Number(res.header.revision) >= to && revisions.size < BATCH_REVISIONS) return complete();
      armQuiet();
    });
    stream.write({
      create_request: {
        key: Buffer.from(key),
        range_end: Range.prefix(key).end,
        start_revision: from,
        prev_kv: true,
      },
    });
  });
}
