import 'server-only';
// GET /api/v1/cluster/space: key and value bytes by top-level prefix, against the database size and quota.
import { GRPCResourceExhastedError, type IRangeResponse } from 'etcd3';
import type { z } from 'zod';
import { readableRanges } from '../auth/access';
import { etcdClient, etcdConfig } from '../etcd/client';
import { perCluster } from '../etcd/per-cluster';
import { absoluteReadableParts } from '../kv/readable-pages';
import { readMembers } from './read-members';
import type { spaceAnswer } from './schemas';
import { SpaceTally } from './space-groups';

export type SpaceReport = z.infer<typeof spaceAnswer>;

/** etcd 3.4 walks the whole requested range on every call, limit or not: few large pages beat many small ones. */
const PAGE_KEYS = 2000;
/** Until the value sizes are known. */
const FIRST_PAGE_KEYS = 500;
/** Keep a page's answer well under gRPC limits even with large values. */
const PAGE_BYTES = 4 * 1024 * 1024;
const MAX_SCANNED_KEYS = 200_000;
const MAX_GROUPS = 200;
const CACHE_MS = 10_000;
/** Reports kept for scoped callers (one per distinct readable set), per cluster. */
const MAX_SCOPED_REPORTS = 64;

const ALL = Buffer.from([0]);

/** An absolute byte range of etcd keys; an end of "\0" = to the end of the keyspace. */
type Span = { start: Buffer; end: Buffer };

const EVERY_KEY: Span[] = [{ start: ALL, end: ALL }];

type Cached = { at: number; report: Promise<SpaceReport> };

const holder = () =>
  perCluster(
    'space',
    () => ({ scoped: new Map<string, Cached>() }) as { __etcdSpace?: Cached; scoped: Map<string, Cached> },
  );

type Scan = { tally: SpaceTally; keys: number; bytes: number; sampled: boolean; revision: number };

/** One page; an answer over the client's message limit is asked again for fewer keys. */
async function readPage(
  start: Buffer,
  end: Buffer,
  limit: number,
): Promise<{ res: IRangeResponse; limit: number }> {
  try {
    return { res: await etcdClient().kv.range({ key: start, range_end: end, limit: String(limit) }), limit };
  } catch (error) {
    if (!(error instanceof GRPCResourceExhastedError) || limit <= 1) throw error;
    return readPage(start, end, Math.max(1, Math.floor(limit / 8)));
  }
}

/**
 * Pages through every key of the spans in order, sizing pages by the bytes seen so far (not pinned: a compaction
 * cannot break it), MAX_SCANNED_KEYS in all.
 */
async function scanKeyspace(spans: Span[]): Promise<Scan> {
  const scan: Scan = { tally: new SpaceTally(), keys: 0, bytes: 0, sampled: false, revision: 0 };
  let limit = FIRST_PAGE_KEYS;
  for (const span of spans) {
    let start = span.start;
    for (;;) {
      if (scan.keys >= MAX_SCANNED_KEYS) {
        scan.sampled = true;
        return scan;
      }
      const page = await readPage(start, span.end, Math.min(limit, MAX_SCANNED_KEYS - scan.keys));
      const res = page.res;
      if (!scan.revision) scan.revision = Number(res.header.revision);
      let pageBytes = 0;
      for (const kv of res.kvs) {
        const bytes = kv.key.length + kv.value.length;
        scan.tally.add(kv.key, bytes);
        pageBytes += bytes;
      }
      scan.keys += res.kvs.length;
      scan.bytes += pageBytes;
      const last = res.kvs.at(-1);
      if (!res.more || !last) break;
      start = Buffer.concat([last.key, ALL]);
      const perKey = Math.max(1, pageBytes / res.kvs.length);
      const fits = Math.floor(PAGE_BYTES / perKey);
      limit = Math.max(1, Math.min(PAGE_KEYS, fits));
    }
  }
  // Nothing was read (no readable span): the revision still comes from etcd.
  if (!scan.revision) {
    const res = await etcdClient().kv.range({ key: ALL, limit: '1', keys_only: true, count_only: true });
    scan.revision = Number(res.header.revision);
  }
  return scan;
}

async function countKeys(spans: Span[]): Promise<number> {
  const counts = await Promise.all(
    spans.map((span) => etcdClient().kv.range({ key: span.start, range_end: span.end, count_only: true })),
  );
  return counts.reduce((sum, res) => sum + Number(res.count), 0);
}

async function buildReport(spans: Span[]): Promise<SpaceReport> {
  const [scan, view] = await Promise.all([scanKeyspace(spans), readMembers()]);
  const statuses = view.members.flatMap((m) => (m.status ? [m.status] : []));
  const quotas = statuses.flatMap((s) => (s.quotaBytes === null ? [] : [s.quotaBytes]));
  const largest = statuses.reduce<(typeof statuses)[number] | null>(
    (max, s) => (max === null || s.dbSize > max.dbSize ? s : max),
    null,
  );
  return {
    revision: scan.revision,
    totalKeys: scan.sampled ? await countKeys(spans) : scan.keys,
    scannedKeys: scan.keys,
    scannedBytes: scan.bytes,
    sampled: scan.sampled,
    dbSize: largest?.dbSize ?? null,
    dbSizeInUse: largest?.dbSizeInUse ?? null,
    quotaBytes: quotas.length > 0 ? Math.min(...quotas) : null,
    prefixes: scan.tally.top(MAX_GROUPS),
    generatedAt: new Date().toISOString(),
  };
}

/**
 * The report, computed at most every 10 s; callers at the same time share one scan. An actor who may not read
 * everything gets a report of its own (shared by actors with the same readable set): only the readable parts of the
 * console's keyspace are scanned and counted, so no group, count or size comes from keys outside them.
 */
export function readSpace(): Promise<SpaceReport> {
  const state = holder();
  if (readableRanges() === null) {
    const cached = state.__etcdSpace;
    if (cached && Date.now() - cached.at < CACHE_MS) return cached.report;
    const report = buildReport(EVERY_KEY);
    state.__etcdSpace = { at: Date.now(), report };
    // A failed scan is not remembered.
    report.catch(() => {
      if (state.__etcdSpace?.report === report) delete state.__etcdSpace;
    });
    return report;
  }
  const spans = absoluteReadableParts(etcdConfig().prefix, '');
  const id = spans.map((s) => `${s.start.toString('hex')}-${s.end.toString('hex')}`).join(',');
  const cached = state.scoped.get(id);
  if (cached && Date.now() - cached.at < CACHE_MS) return cached.report;
  for (const [key, entry] of state.scoped) {
    if (Date.now() - entry.at >= CACHE_MS) state.scoped.delete(key);
  }
  if (state.scoped.size >= MAX_SCOPED_REPORTS) state.scoped.delete(state.scoped.keys().next().value!);
  const report = buildReport(spans);
  state.scoped.set(id, { at: Date.now(), report });
  report.catch(() => {
    if (state.scoped.get(id)?.report === report) state.scoped.delete(id);
  });
  return report;
}
