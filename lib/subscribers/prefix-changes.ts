import 'server-only';
import { STATUS_ROOT } from '@etcd-console/core/config';
// When a subscriber's prefix last changed, read from etcd's live keys (the status area excluded, as in the SDK).
import { type Etcd3, Range, SortOrder, SortTarget } from 'etcd3';
import { type KeyRange, prefixRange, readableParts, readableRanges } from '../auth/access';
import { absoluteRange } from '../kv/readable-pages';

type ByteRange = { key: Buffer; range_end: Buffer };

/**
 * The absolute byte ranges of `prefix` under the root namespace, minus the status area. For an actor who may not
 * read everything, only the readable parts: a lag (or change time) then says nothing about keys outside its scope.
 */
export function configRanges(root: string, prefix: string): ByteRange[] {
  if (readableRanges() !== null) return readableConfigRanges(root, prefix);
  if (prefix.startsWith(STATUS_ROOT)) return [];
  const whole = Range.prefix(Buffer.from(root + prefix));
  if (!STATUS_ROOT.startsWith(prefix)) return [{ key: whole.start, range_end: whole.end }];
  const status = Range.prefix(Buffer.from(root + STATUS_ROOT));
  return [
    { key: whole.start, range_end: status.start },
    { key: status.end, range_end: whole.end },
  ];
}

function readableConfigRanges(root: string, prefix: string): ByteRange[] {
  const whole = prefixRange(Buffer.from(prefix));
  const statusStart = Buffer.from(STATUS_ROOT);
  const status = { start: statusStart, end: Range.prefix(statusStart).end };
  const out: ByteRange[] = [];
  for (const part of readableParts(whole.start, whole.end)) {
    for (const piece of outside(part, status)) out.push(absolute(root, piece));
  }
  return out;
}

/** The parts of `range` before and after `cut` (whose end is known). */
function outside(range: KeyRange, cut: KeyRange & { end: Buffer }): KeyRange[] {
  const pieces: KeyRange[] = [];
  const beforeEnd = range.end === null || Buffer.compare(range.end, cut.start) > 0 ? cut.start : range.end;
  if (Buffer.compare(range.start, beforeEnd) < 0) pieces.push({ start: range.start, end: beforeEnd });
  const afterStart = Buffer.compare(range.start, cut.end) > 0 ? range.start : cut.end;
  if (range.end === null || Buffer.compare(afterStart, range.end) < 0)
    pieces.push({ start: afterStart, end: range.end });
  return pieces;
}

function absolute(root: string, range: KeyRange): ByteRange {
  const { start, end } = absoluteRange(Buffer.from(root), range);
  return { key: start, range_end: end };
}

/** The newest mod revision of a live key under `prefix` (0 when it holds none). */
export async function latestChangeRevision(client: Etcd3, root: string, prefix: string): Promise<number> {
  let latest = 0;
  for (const range of configRanges(root, prefix)) {
    const res = await client.kv.range({
      ...range,
      keys_only: true,
      limit: 1,
      sort_target: SortTarget.Mod,
      sort_order: SortOrder.Descend,
    });
    latest = Math.max(latest, Number(res.kvs[0]?.mod_revision ?? 0));
  }
  return latest;
}

/**
 * The oldest mod revision above `after` of a live key under `prefix`, or null. It is the first change the
 * subscriber has not applied unless that key changed again since, or a deletion came first.
 */
export async function firstChangeAfter(
  client: Etcd3,
  root: string,
  prefix: string,
  after: number,
): Promise<number | null> {
  let first: number | null = null;
  for (const range of configRanges(root, prefix)) {
    const res = await client.kv.range({
      ...range,
      keys_only: true,
      limit: 1,
      min_mod_revision: after + 1,
      sort_target: SortTarget.Mod,
      sort_order: SortOrder.Ascend,
    });
    const found = res.kvs[0];
    if (found) first = Math.min(first ?? Number.POSITIVE_INFINITY, Number(found.mod_revision));
  }
  return first;
}
