import 'server-only';
import type { z } from 'zod';
import { type Encoding, encodeBytes } from '../etcd/encoding';
import { keyBytes } from './key-param';
import { keyAfter, prefixEnd } from './key-range';
import { range } from './range';
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

export type Children = { children: Child[]; revision: number; truncated: boolean; selfIsKey: boolean };

/**
 * Immediate children of a prefix by skip-scan: one keys-only, limit-1 read per child, jumping past each
 * child's whole range, so a child with a million descendants costs one read, not a million.
 */
export async function listChildren(query: z.infer<typeof childrenQuery>): Promise<Children> {
  const prefix = keyBytes(query.prefix, query.prefixEncoding, 'prefix');
  const delimiter = Buffer.from(query.delimiter);
  const end = prefix.length === 0 ? Buffer.alloc(0) : prefixEnd(prefix);
  const found = new Map<string, { name: Buffer; leaf: boolean; dir: boolean }>();
  let revision = query.revision;
  let cursor = prefix;
  let selfIsKey = false;
  let truncated = false;

  for (;;) {
    const res = await range({ start: cursor, end, limit: 1, keysOnly: true, revision });
    revision ??= res.revision;
    const kv = res.kvs[0];
    if (!kv) break;
    const rest = kv.key.subarray(prefix.length);
    if (rest.length === 0) {
      selfIsKey = true;
      cursor = keyAfter(kv.key);
      continue;
    }
    const cut = rest.indexOf(delimiter);
    const name = cut === -1 ? rest : rest.subarray(0, cut);
    const id = name.toString('base64');
    const entry = found.get(id) ?? { name: Buffer.from(name), leaf: false, dir: false };
    if (!found.has(id)) {
      if (found.size >= query.limit) {
        truncated = true;
        break;
      }
      found.set(id, entry);
    }
    if (cut === -1) {
      entry.leaf = true;
      cursor = keyAfter(kv.key);
    } else {
      entry.dir = true;
      cursor = prefixEnd(Buffer.concat([prefix, name, delimiter]));
      if (cursor.length === 1 && cursor[0] === 0) break;
    }
  }

  const children = [...found.values()]
    .sort((a, b) => Buffer.compare(a.name, b.name))
    .map(({ name, leaf, dir }) => toChild(prefix, name, delimiter, leaf, dir));
  return { children, revision: revision ?? 0, truncated, selfIsKey };
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
