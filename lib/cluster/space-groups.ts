// Groups keys by their top-level prefix for the space report: "/config/" for "/config/a/b", "user:" for "user:42".
import { encodeBytes } from '../etcd/encoding';

export type SpaceGroup = { prefix: string; encoding: 'utf8' | 'base64'; keys: number; bytes: number };

const SLASH = 0x2f;
const COLON = 0x3a;

/** "/a/b" → "/a/"; "/a" → "/a"; "a/b" → "a/"; "user:1" → "user:"; "plain" → "plain". */
export function topPrefix(key: Buffer): Buffer {
  const from = key[0] === SLASH ? 1 : 0;
  for (let i = from; i < key.length; i++) {
    const byte = key[i];
    if (byte === SLASH || (from === 0 && byte === COLON)) return key.subarray(0, i + 1);
  }
  return key;
}

/** Totals by prefix, in a map keyed by the prefix bytes (hex). */
export class SpaceTally {
  private readonly groups = new Map<string, { prefix: Buffer; keys: number; bytes: number }>();

  add(key: Buffer, bytes: number): void {
    const prefix = topPrefix(key);
    const id = prefix.toString('hex');
    const group = this.groups.get(id);
    if (group) {
      group.keys += 1;
      group.bytes += bytes;
    } else {
      this.groups.set(id, { prefix: Buffer.from(prefix), keys: 1, bytes });
    }
  }

  /** Largest first; past `max` groups the rest fold into "(other)". */
  top(max: number): SpaceGroup[] {
    const sorted = [...this.groups.values()].sort((a, b) => b.bytes - a.bytes || b.keys - a.keys);
    const shown: SpaceGroup[] = sorted.slice(0, max).map((g) => {
      const { text, encoding } = encodeBytes(g.prefix);
      return { prefix: text, encoding, keys: g.keys, bytes: g.bytes };
    });
    const rest = sorted.slice(max);
    if (rest.length > 0) {
      shown.push({
        prefix: '(other)',
        encoding: 'utf8',
        keys: rest.reduce((n, g) => n + g.keys, 0),
        bytes: rest.reduce((n, g) => n + g.bytes, 0),
      });
    }
    return shown;
  }
}
