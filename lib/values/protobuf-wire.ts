// Reads the protobuf wire format without a schema (https://protobuf.dev/programming-guides/encoding/): one level of
// tagged fields. Pure and browser-safe: no Node Buffer.

export type WireType = 'varint' | 'fixed64' | 'bytes' | 'fixed32';

/** One field as it sits on the wire; `value` is the varint/fixed number, or the payload of a length-delimited field. */
export type WireField =
  | { number: number; wire: 'varint' | 'fixed64' | 'fixed32'; value: bigint; offset: number }
  | { number: number; wire: 'bytes'; value: Uint8Array; offset: number };

/**
 * Fields read in order; `error` says where and why reading stopped early (truncated or not protobuf). `partial`: a
 * length-delimited field cut short, with the bytes that are there.
 */
export type WireRead = {
  fields: WireField[];
  error: { offset: number; message: string; partial?: WireField } | null;
};

/** Field numbers are 29 bits; 0 is never valid. */
export const MAX_FIELD_NUMBER = 2 ** 29 - 1;

type Varint = { value: bigint; next: number };

/** A base-128 varint at `at`, at most 10 bytes; null when it runs past the end or is too long. */
export function readVarint(bytes: Uint8Array, at: number): Varint | null {
  let value = 0n;
  let shift = 0n;
  for (let i = at; i < bytes.length && i < at + 10; i++) {
    const b = bytes[i]!;
    value |= BigInt(b & 0x7f) << shift;
    if (b < 0x80) return { value: BigInt.asUintN(64, value), next: i + 1 };
    shift += 7n;
  }
  return null;
}

function readFixed(bytes: Uint8Array, at: number, size: 4 | 8): bigint {
  let value = 0n;
  for (let i = size - 1; i >= 0; i--) value = (value << 8n) | BigInt(bytes[at + i]!);
  return value;
}

/**
 * Every field of one message, in wire order. Stops at the first thing that is not a field (groups, wire types 6–7,
 * field number 0, a length or number running past the end) and says where; the fields before it are kept.
 */
export function readFields(bytes: Uint8Array, maxFields = 10_000): WireRead {
  const fields: WireField[] = [];
  let at = 0;
  const fail = (offset: number, message: string, partial?: WireField): WireRead => ({
    fields,
    error: { offset, message, ...(partial ? { partial } : {}) },
  });
  while (at < bytes.length) {
    if (fields.length >= maxFields) return fail(at, 'too many fields');
    const tag = readVarint(bytes, at);
    if (!tag) return fail(at, 'truncated tag');
    const number = Number(tag.value >> 3n);
    const type = Number(tag.value & 7n);
    if (number === 0 || number > MAX_FIELD_NUMBER) return fail(at, `invalid field number ${number}`);
    const start = at;
    at = tag.next;
    if (type === 0) {
      const v = readVarint(bytes, at);
      if (!v) return fail(start, `field ${number}: truncated varint`);
      fields.push({ number, wire: 'varint', value: v.value, offset: start });
      at = v.next;
    } else if (type === 1 || type === 5) {
      const size = type === 1 ? 8 : 4;
      if (at + size > bytes.length) return fail(start, `field ${number}: truncated fixed${size * 8}`);
      const wire = type === 1 ? 'fixed64' : 'fixed32';
      fields.push({ number, wire, value: readFixed(bytes, at, size), offset: start });
      at += size;
    } else if (type === 2) {
      const len = readVarint(bytes, at);
      if (!len) return fail(start, `field ${number}: truncated length`);
      const end = len.next + Number(len.value);
      if (len.value > BigInt(bytes.length) || end > bytes.length) {
        const left = bytes.subarray(len.next);
        const partial: WireField = { number, wire: 'bytes', value: left, offset: start };
        return fail(start, `field ${number}: ${len.value} bytes announced, ${left.length} left`, partial);
      }
      fields.push({ number, wire: 'bytes', value: bytes.subarray(len.next, end), offset: start });
      at = end;
    } else return fail(start, `field ${number}: unsupported wire type ${type}`);
  }
  return { fields, error: null };
}
