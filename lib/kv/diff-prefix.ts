import 'server-only';
import type { z } from 'zod';
import { ApiError } from '../api/errors';
import { type KvItem, toItem } from './item';
import { keyBytes } from './key-param';
import { readPrefixMap } from './scan-prefix';
import type { diffQuery } from './schemas';

export const DIFF_MAX_KEYS = 50_000;
/** Each side of a diff holds at most this much in memory, whoever asks and however large the values. */
export const DIFF_MAX_BYTES = 32 * 1024 * 1024;

export type PrefixDiff = {
  from: number;
  to: number;
  added: KvItem[];
  removed: KvItem[];
  changed: Array<{ before: KvItem; after: KvItem }>;
  truncated: boolean;
};

/** What changed under a prefix between two revisions: "what changed in /config since yesterday". */
export async function diffPrefix(query: z.infer<typeof diffQuery>): Promise<PrefixDiff> {
  const prefix = keyBytes(query.prefix, query.prefixEncoding, 'prefix');
  if (query.to !== undefined && query.to < query.from)
    throw new ApiError('bad_request', '"to" must not be before "from"');
  const after = await readPrefixMap(prefix, query.to, DIFF_MAX_KEYS, DIFF_MAX_BYTES);
  const before = await readPrefixMap(prefix, query.from, DIFF_MAX_KEYS, DIFF_MAX_BYTES);
  const diff: PrefixDiff = {
    from: query.from,
    to: after.revision,
    added: [],
    removed: [],
    changed: [],
    truncated: after.truncated || before.truncated,
  };
  for (const [id, kv] of after.items) {
    const old = before.items.get(id);
    if (!old) diff.added.push(toItem(kv));
    else if (old.mod_revision !== kv.mod_revision)
      diff.changed.push({ before: toItem(old), after: toItem(kv) });
  }
  for (const [id, kv] of before.items) if (!after.items.has(id)) diff.removed.push(toItem(kv));
  return diff;
}
