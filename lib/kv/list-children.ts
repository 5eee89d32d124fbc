import 'server-only';
import { z } from 'zod';
import { ApiError } from '../api/errors';
import { type Encoding, encodeBytes } from '../etcd/encoding';
import { type Probe, scanChildren } from './children-scan';
import { type Cursor, decodeCursor } from './cursor';
import { keyBytes } from './key-param';
import { rangeBatch } from './range';
import type { childrenQuery } from './schemas';

export type Child = {
  name: string;
  /** The full key when the child is itself a key, else its prefix (ending with the delimiter). */
  key: string;
  /** The child's own prefix, when it has children. */
  prefix?: string;
  encoding?: Encoding;
  isLeaf: boolean;
  hasChildren: boolean;
};

export type Children = {
  children: Child[];
  revision: number;
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
  /** nextCursor !== null (kept for older clients). */
  truncated: boolean;
  selfIsKey: boolean;
};

/** The children search reads through rangeBatch: every read limited to what the current actor may read. */
const probe: Probe = async (ops, revision) => {
  const reads = ops.map((op) => ({
    start: op.start,
    end: op.end ?? Buffer.alloc(0),
    limit: op.limit,
    keysOnly: true,
  }));
  const { results, revision: at } = await rangeBatch(reads, revision);
  return {
    revision: at,
    results: results.map((r) => ({ keys: r.kvs.map((kv) => kv.key), count: r.count, more: r.more })),
  };
};

/**
 * One page of the immediate children of a prefix, in byte order of their names; every page of one listing is read
 * at the first page's revision. The cost of a page grows with the keys near the children it returns, never with
 * every key after them (lib/kv/children-scan.ts).
 */
export async function listChildren(query: z.infer<typeof childrenQuery>): Promise<Children> {
  const prefix = keyBytes(query.prefix, query.prefixEncoding, 'prefix');
  const delimiter = Buffer.from(query.delimiter);
  // The cursor names the last child of the previous page (its key) and the listing's revision.
  const cursor = query.cursor ? decodeChildrenCursor(query.cursor) : null;
  const after = cursor ? cursor.after.subarray(prefix.length) : null;
  if (cursor && (!cursor.after.subarray(0, prefix.length).equals(prefix) || after!.includes(delimiter))) {
    throw new ApiError('bad_request', 'cursor belongs to another listing');
  }

  const found = await scanChildren({
    prefix,
    delimiter,
    after,
    limit: query.limit,
    revision: cursor?.revision ?? query.revision,
    hint: cursor?.hint ?? null,
    probe,
  });
  const last = found.children[found.children.length - 1];
  const nextCursor =
    found.more && last
      ? encodeChildrenCursor({
          after: Buffer.concat([prefix, last.name]),
          revision: found.revision,
          hint: found.hint,
        })
      : null;
  return {
    children: found.children.map(({ name, leaf, dir }) => toChild(prefix, name, delimiter, leaf, dir)),
    revision: found.revision,
    nextCursor,
    truncated: nextCursor !== null,
    selfIsKey: found.selfIsKey,
  };
}

// A children cursor: lib/kv/cursor.ts's (the last child's key, the revision) and where the last children differed.
const childrenCursor = z.object({
  k: z.string(),
  r: z.number().int().positive(),
  h: z.number().int().min(0).nullable(),
});
type ChildrenCursor = Cursor & { hint: number | null };

function encodeChildrenCursor(cursor: ChildrenCursor): string {
  const text = JSON.stringify({ k: cursor.after.toString('base64'), r: cursor.revision, h: cursor.hint });
  return Buffer.from(text).toString('base64url');
}

function decodeChildrenCursor(text: string): ChildrenCursor {
  const plain = decodeCursor(text);
  try {
    const { h } = childrenCursor.parse(JSON.parse(Buffer.from(text, 'base64url').toString('utf8')));
    return { ...plain, hint: h };
  } catch {
    throw new ApiError('bad_request', 'cursor is not one this API issued');
  }
}

function toChild(prefix: Buffer, name: Buffer, delimiter: Buffer, leaf: boolean, dir: boolean): Child {
  const shownName = encodeBytes(name);
  const ownKey = encodeBytes(Buffer.concat([prefix, name]));
  const ownPrefix = encodeBytes(Buffer.concat([prefix, name, delimiter]));
  const binary =
    shownName.encoding === 'base64' || ownKey.encoding === 'base64' || ownPrefix.encoding === 'base64';
  const child: Child = {
    name: shownName.text,
    key: leaf ? ownKey.text : ownPrefix.text,
    isLeaf: leaf,
    hasChildren: dir,
  };
  if (dir) child.prefix = ownPrefix.text;
  if (binary) {
    // One encoding for all three strings, so the client can decode them alike.
    child.encoding = 'base64';
    child.name = name.toString('base64');
    child.key = (leaf ? Buffer.concat([prefix, name]) : Buffer.concat([prefix, name, delimiter])).toString(
      'base64',
    );
    if (dir) child.prefix = Buffer.concat([prefix, name, delimiter]).toString('base64');
  }
  return child;
}
