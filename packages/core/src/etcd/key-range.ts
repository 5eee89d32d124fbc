// Byte arithmetic on keys: the range end of a prefix, and the smallest key after a key.

/** The first key that does not start with `prefix` ("\0" = no end: every key is under the empty prefix). */
export function prefixEnd(prefix: Buffer | string): Buffer {
  const end = Buffer.from(prefix);
  for (let i = end.length - 1; i >= 0; i--) {
    if (end[i]! < 0xff) {
      end[i] = end[i]! + 1;
      return end.subarray(0, i + 1);
    }
  }
  return Buffer.from([0]);
}

/** The smallest key greater than `key`. */
export function keyAfter(key: Buffer): Buffer {
  return Buffer.concat([key, Buffer.from([0])]);
}
