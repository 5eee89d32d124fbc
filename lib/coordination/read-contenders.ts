import 'server-only';
// The keys of each election, lock and Patroni cluster, read for the current actor in read-only transactions at one
// revision: one sorted range per prefix, only over prefixes the actor may read whole.
import type { IKeyValue, IRangeRequest, IRangeResponse } from 'etcd3';
import { rangeEndOf } from '../auth/access';
import { etcdClient, etcdConfig, etcdSystemClient } from '../etcd/client';
import { readablePartsOf } from '../kv/readable-pages';
import type { Candidate } from './recipes';

/** Contenders read per prefix, oldest first: the holder and the first waiters. */
export const MAX_CONTENDERS = 100;
const MAX_TXN_OPS = 128;

export type ContenderRead = {
  candidate: Candidate;
  /** Recipe: keys under `<prefix>/` by create revision. Patroni: the leader key, if any. */
  kvs: IKeyValue[];
  /** Patroni: the member keys. */
  members: IKeyValue[];
  count: number;
};

/**
 * Whether the actor may read everything under `dir`: a holder worked out from part of a prefix could be wrong, so a
 * prefix read only in part is not shown at all (and nothing about it leaks).
 */
export function mayReadWhole(dir: string): boolean {
  const parts = readablePartsOf(dir);
  const whole = rangeEndOf(Buffer.from(dir));
  const only = parts[0];
  if (parts.length !== 1 || !only) return false;
  const endMatches = only.end === null ? whole === null : whole !== null && only.end.equals(whole);
  return only.start.equals(Buffer.from(dir)) && endMatches;
}

/** The directory a candidate's keys live in: `<prefix>/`. */
export function dirOf(candidate: Candidate): string {
  return `${candidate.prefix}/`;
}

function prefixRequest(dir: string, sortByCreate: boolean): IRangeRequest {
  const ns = etcdConfig().prefix;
  const start = Buffer.from(ns + dir);
  const request: IRangeRequest = {
    key: start,
    range_end: rangeEndOf(start) ?? Buffer.from([0]),
    limit: String(MAX_CONTENDERS),
  };
  if (sortByCreate) {
    request.sort_target = 'Create';
    request.sort_order = 'Ascend';
  }
  return request;
}

function keyRequest(key: string): IRangeRequest {
  return { key: Buffer.from(etcdConfig().prefix + key) };
}

function requestsFor(candidate: Candidate): IRangeRequest[] {
  const dir = dirOf(candidate);
  if (candidate.kind === 'recipe') return [prefixRequest(dir, true)];
  return [keyRequest(`${dir}leader`), prefixRequest(`${dir}members/`, false)];
}

function relative(res: IRangeResponse): { kvs: IKeyValue[]; count: number } {
  const ns = etcdConfig().prefix.length;
  const kvs = res.kvs.map((kv) => (ns === 0 ? kv : { ...kv, key: kv.key.subarray(ns) }));
  return { kvs, count: Number(res.count) };
}

/** Reads every candidate the actor may read whole, at one revision, with the actor's own client. */
export async function readContenders(
  candidates: Candidate[],
): Promise<{ reads: ContenderRead[]; revision: number }> {
  const visible = candidates.filter((c) => mayReadWhole(dirOf(c)));
  const requests = visible.flatMap(requestsFor);
  const client = etcdClient();
  let revision: number | undefined;
  const answers: IRangeResponse[] = [];
  for (let i = 0; i < requests.length; i += MAX_TXN_OPS) {
    const chunk = requests.slice(i, i + MAX_TXN_OPS);
    const success = chunk.map((r) => ({
      request_range: revision === undefined ? r : { ...r, revision: String(revision) },
    }));
    const res = await client.kv.txn({ compare: [], success, failure: [] });
    revision ??= Number(res.header.revision);
    answers.push(...res.responses.map((r) => r.response_range!));
  }
  if (revision === undefined) {
    // Nothing to read: only the revision is wanted (the console's own bookkeeping read, as in lib/kv/range.ts).
    const header = await etcdSystemClient().kv.range({ key: Buffer.from([0]), count_only: true });
    revision = Number(header.header.revision);
  }
  let next = 0;
  const reads = visible.map((candidate): ContenderRead => {
    const first = relative(answers[next++]!);
    if (candidate.kind === 'recipe') return { candidate, kvs: first.kvs, members: [], count: first.count };
    const members = relative(answers[next++]!);
    return { candidate, kvs: first.kvs, members: members.kvs, count: members.count };
  });
  return { reads, revision };
}
