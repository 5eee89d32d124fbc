import 'server-only';
import type { z } from 'zod';
import { isCompactedError } from '../api/etcd-errors';
import { listAudit } from '../audit/list';
import { assertMayReadKey } from '../auth/access';
import { logger } from '../log/logger';
import { type KvItem, toItem } from './item';
import { keyBytes } from './key-param';
import { range } from './range';
import type { historyQuery } from './schemas';

async function authorsOf(key: string, versions: KvItem[]): Promise<History['authors']> {
  if (versions.length === 0) return {};
  const wanted = new Set(versions.map((v) => v.modRevision));
  try {
    const { entries } = await listAudit({ key, limit: 1000 });
    const authors: History['authors'] = {};
    for (const e of entries) {
      if (wanted.has(e.revision) && e.targets.includes(key))
        authors[e.revision] = { actor: e.actor, action: e.action, time: e.time };
    }
    return authors;
  } catch (error) {
    logger.warn({ err: error }, 'history: audit lookup failed');
    return {};
  }
}

export type History = {
  versions: KvItem[];
  /** The key is absent now (deleted); versions show its last generation. */
  deleted: boolean;
  /** History stopped here: etcd compacted everything older. */
  compactedBefore: number | null;
  /** There are older versions than `limit` allowed. */
  more: boolean;
  /** Who made each version, by mod revision, where the console's audit trail knows. */
  authors: Record<number, { actor: string; action: string; time: string }>;
  revision: number;
};

/**
 * Every retained version of a key, newest first, read from etcd's MVCC history: each step reads the key as
 * it was just before the version it has, until the key's creation or etcd's compaction point.
 */
export async function readHistory(query: z.infer<typeof historyQuery>): Promise<History> {
  const deletedAt = query.deletedAt;
  const key = keyBytes(query.key, query.keyEncoding);
  assertMayReadKey(key);
  const now = await range({ start: key, revision: deletedAt ? deletedAt - 1 : undefined });
  const versions: KvItem[] = [];
  let kv = now.kvs[0];
  let compactedBefore: number | null = null;
  while (kv && versions.length < query.limit) {
    versions.push(toItem(kv));
    if (Number(kv.version) <= 1) break;
    const modRevision = Number(kv.mod_revision);
    try {
      kv = (await range({ start: key, revision: modRevision - 1 })).kvs[0];
    } catch (error) {
      if (!isCompactedError(error)) throw error;
      compactedBefore = modRevision;
      break;
    }
  }
  const last = versions[versions.length - 1];
  const authors = query.keyEncoding === 'utf8' ? await authorsOf(query.key, versions) : {};
  return {
    authors,
    versions,
    deleted: deletedAt !== undefined,
    compactedBefore,
    more: versions.length >= query.limit && (last?.version ?? 0) > 1,
    revision: now.revision,
  };
}
