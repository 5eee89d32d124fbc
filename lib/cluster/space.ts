import { perCluster } from '../etcd/per-cluster';
import 'server-only';
// GET /api/v1/cluster/space: key and value bytes by top-level prefix, against the database size and quota.
import { GRPCResourceExhastedError, type IRangeResponse } from 'etcd3';
import type { z } from 'zod';
import { etcdClient } from '../etcd/client';
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

const ALL = Buffer.from([0]);

const holder = () =>
  perCluster('space', () => ({}) as { __etcdSpace?: { at: number; report: Promise<SpaceReport> } });

type Scan = { tally: SpaceTally; keys: number; bytes: number; sampled: boolean; revision: number };

/** One page; an answer over the client's message limit is asked again for fewer keys. */
async function readPage(start: Buffer, limit: number): Promise<{ res: IRangeResponse; limit: number }> {
  try {
    return { res: await etcdClient().kv.range({ key: start, range_end: ALL, limit: String(limit) }), limit };
  } catch (error) {
    if (!(error instanceof GRPCResourceExhastedError) || limit <= 1) throw error;
    return readPage(start, Math.max(1, Math.floor(limit / 8)));
  }
}

/** Pages through every key, sizing pages by the bytes seen so far (not pinned: a compaction cannot break it). */
async function scanKeyspace(): Promise<Scan> {
  const scan: Scan = { tally: new SpaceTally(), keys: 0, bytes: 0, sampled: false, revision: 0 };
  let start = ALL;
  let limit = FIRST_PAGE_KEYS;
  for (;;) {
    const page = await readPage(start, limit);
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
    if (!res.more || !last) return scan;
    if (scan.keys >= MAX_SCANNED_KEYS) {
      scan.sampled = true;
      return scan;
    }
    start = Buffer.concat([last.key, ALL]);
    const perKey = Math.max(1, pageBytes / res.kvs.length);
    const fits = Math.floor(PAGE_BYTES / perKey);
    limit = Math.max(1, Math.min(PAGE_KEYS, fits, MAX_SCANNED_KEYS - scan.keys));
  }
}

async function countKeys(): Promise<number> {
  const res = await etcdClient().kv.range({ key: ALL, range_end: ALL, count_only: true });
  return Number(res.count);
}

async function buildReport(): Promise<SpaceReport> {
  const [scan, view] = await Promise.all([scanKeyspace(), readMembers()]);
  const statuses = view.members.flatMap((m) => (m.status ? [m.status] : []));
  const quotas = statuses.flatMap((s) => (s.quotaBytes === null ? [] : [s.quotaBytes]));
  const largest = statuses.reduce<(typeof statuses)[number] | null>(
    (max, s) => (max === null || s.dbSize > max.dbSize ? s : max),
    null,
  );
  return {
    revision: scan.revision,
    totalKeys: scan.sampled ? await countKeys() : scan.keys,
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

/** The report, computed at most every 10 s; callers at the same time share one scan. */
export function readSpace(): Promise<SpaceReport> {
  const state = holder();
  const cached = state.__etcdSpace;
  if (cached && Date.now() - cached.at < CACHE_MS) return cached.report;
  const report = buildReport();
  state.__etcdSpace = { at: Date.now(), report };
  // A failed scan is not remembered.
  report.catch(() => {
    if (state.__etcdSpace?.report === report) delete state.__etcdSpace;
  });
  return report;
}
