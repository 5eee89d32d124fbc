// What etcd itself recorded under a prefix, to hold every client's view against: revisions and their events.
import type { Etcd3, IEvent, Namespace } from 'etcd3';
import { readHistory } from '../../fixtures/worker-harness';

export type Revision = {
  revision: number;
  events: Array<{ type: 'put' | 'delete'; key: string; value: string }>;
};

/** Every revision that changed something under `prefix`, from `from` up to `to` inclusive, from etcd's MVCC. */
export async function prefixHistory(
  client: Etcd3 | Namespace,
  prefix: string,
  from: number,
  to: number,
): Promise<Revision[]> {
  // A watch from a compacted revision is cancelled and would leave readHistory waiting forever.
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no history of ${prefix} from ${from} within 20 s`)), 20_000);
  });
  const events = await Promise.race([readHistory(client, prefix, from), timeout]).finally(() =>
    clearTimeout(timer),
  );
  return groupEvents(events.filter((e) => Number(e.kv.mod_revision) <= to));
}

export function groupEvents(events: IEvent[]): Revision[] {
  const out: Revision[] = [];
  for (const e of events) {
    const revision = Number(e.kv.mod_revision);
    const event = {
      type: e.type === 'Delete' ? ('delete' as const) : ('put' as const),
      key: e.kv.key.toString(),
      value: e.type === 'Delete' ? '' : e.kv.value.toString(),
    };
    const last = out[out.length - 1];
    if (last && last.revision === revision) last.events.push(event);
    else out.push({ revision, events: [event] });
  }
  return out;
}

/** A client's view compared with etcd's: what it missed, saw twice, or saw out of order or different. */
export type Comparison = { missing: number; duplicated: number; outOfOrder: number; different: number };

/** Only revisions up to `to` count (a client may already hold later ones); `to` defaults to etcd's last. */
export function compareStream(seen: Revision[], expected: Revision[], to?: number): Comparison {
  const upTo = to ?? expected[expected.length - 1]?.revision ?? 0;
  seen = seen.filter((r) => r.revision <= upTo);
  const byRevision = new Map(expected.map((r) => [r.revision, r]));
  const counts = new Map<number, number>();
  let outOfOrder = 0;
  let different = 0;
  let previous = 0;
  for (const r of seen) {
    counts.set(r.revision, (counts.get(r.revision) ?? 0) + 1);
    if (r.revision <= previous) outOfOrder++;
    previous = Math.max(previous, r.revision);
    const want = byRevision.get(r.revision);
    if (!want || JSON.stringify(want.events) !== JSON.stringify(r.events)) different++;
  }
  let missing = 0;
  let duplicated = 0;
  for (const r of expected) {
    const n = counts.get(r.revision) ?? 0;
    if (n === 0) missing++;
    if (n > 1) duplicated += n - 1;
  }
  return { missing, duplicated, outOfOrder, different };
}

export const clean = (c: Comparison) =>
  c.missing === 0 && c.duplicated === 0 && c.outOfOrder === 0 && c.different === 0;

/** The store's current revision, as one read's header says. */
export async function storeRevision(client: Etcd3 | Namespace): Promise<number> {
  return Number((await client.get('\0').exec()).header.revision);
}

/** The `change` frames a client received, in the same shape as etcd's history. */
export function changesSeen(events: Array<{ event: string; data: string }>): Revision[] {
  return events
    .filter((e) => e.event === 'change')
    .map((e) => {
      const data = JSON.parse(e.data) as {
        revision: number;
        events: Array<{ type: 'put' | 'delete'; key: string; value: string }>;
      };
      return {
        revision: data.revision,
        events: data.events.map(({ type, key, value }) => ({ type, key, value })),
      };
    });
}
