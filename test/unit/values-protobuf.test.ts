// Schema-less protobuf: a field tree like `protoc --decode_raw`, bounded, and a confidence test so random bytes are
// not called protobuf. Messages are built with test/helpers/protobuf-encoder.ts.
import { describe, expect, it } from 'vitest';
import { decodeProtobufTree, looksLikeProtobuf } from '@/lib/values/protobuf-tree';
import { readFields, readVarint } from '@/lib/values/protobuf-wire';
import { recognizeValue, textEditBlocked } from '@/lib/values/recognize';
import { bytes, concat, fixed32, int, msg, str, varint } from '../helpers/protobuf-encoder';

const order = concat(
  str(1, 'order-42'),
  int(2, 300),
  int(3, -1),
  fixed32(4, 0xdeadbeef),
  msg(5, str(1, 'widget'), int(2, 3)),
  // Opaque bytes (a hash): neither text nor a message.
  bytes(6, new Uint8Array([0xff, 0x00, 0xfe, 0x07])),
);

describe('protobuf field tree', () => {
  it('reads varints of every width, including 64-bit negatives', () => {
    expect(readVarint(varint(300), 0)).toEqual({ value: 300n, next: 2 });
    expect(readVarint(varint(-1), 0)?.value).toBe(2n ** 64n - 1n);
    expect(readVarint(new Uint8Array([0x80, 0x80]), 0)).toBeNull();
  });

  it('decodes numbers, strings, nested messages and bytes like protoc --decode_raw', () => {
    const tree = decodeProtobufTree(order);
    expect(tree).toEqual([
      { kind: 'string', number: 1, size: 8, text: 'order-42', cut: false },
      { kind: 'number', number: 2, wire: 'varint', value: '300', hex: '0x12c' },
      { kind: 'number', number: 3, wire: 'varint', value: '18446744073709551615', hex: '0xffffffffffffffff' },
      { kind: 'number', number: 4, wire: 'fixed32', value: String(0xdeadbeef), hex: '0xdeadbeef' },
      {
        kind: 'message',
        number: 5,
        size: 10,
        cut: false,
        children: [
          { kind: 'string', number: 1, size: 6, text: 'widget', cut: false },
          { kind: 'number', number: 2, wire: 'varint', value: '3', hex: '0x3' },
        ],
      },
      { kind: 'bytes', number: 6, size: 4, hex: 'ff 00 fe 07', cut: false },
    ]);
  });

  it('is recognised as protobuf and not editable as text', () => {
    const value = recognizeValue(order);
    expect(value.kind).toBe('protobuf');
    expect(textEditBlocked(value)).toBe('protobuf');
  });

  it('stops at a truncated field, keeps the fields before it, and is no longer called protobuf', () => {
    const cut = order.subarray(0, order.length - 3);
    const read = readFields(cut);
    expect(read.fields.map((f) => f.number)).toEqual([1, 2, 3, 4, 5]);
    expect(read.error?.message).toMatch(/field 6: 4 bytes announced, 1 left/);
    expect(looksLikeProtobuf(cut)).toBe(false);
    expect(recognizeValue(cut).kind).toBe('binary');
  });

  it('bounds depth and node count', () => {
    let deep = str(1, 'leaf');
    for (let i = 0; i < 40; i++) deep = msg(1, deep, int(2, i));
    const tree = decodeProtobufTree(deep, { maxDepth: 5, maxNodes: 2000, maxText: 100, maxBytes: 8 });
    let depth = 0;
    let node = tree[0];
    while (node?.kind === 'message') {
      depth++;
      node = node.children[0];
    }
    expect(depth).toBe(4);
    expect(node?.kind).toBe('bytes');
    const many = concat(...Array.from({ length: 50 }, (_, i) => int(1, i)));
    expect(decodeProtobufTree(many, { maxDepth: 5, maxNodes: 10, maxText: 100, maxBytes: 8 })).toHaveLength(
      10,
    );
  });

  it('does not call random bytes protobuf', () => {
    // A fixed-seed generator: the same 3,000 values every run.
    let seed = 0x2545f491;
    const next = () => {
      seed ^= seed << 13;
      seed ^= seed >>> 17;
      seed ^= seed << 5;
      return seed & 0xff;
    };
    let called = 0;
    for (let i = 0; i < 3000; i++) {
      const length = 8 + (i % 200);
      const random = Uint8Array.from({ length }, next);
      if (looksLikeProtobuf(random)) called++;
      expect(['binary', 'text']).toContain(
        recognizeValue(random).kind === 'protobuf' ? 'protobuf' : 'binary',
      );
    }
    expect(called).toBe(0);
  });

  it('does not call text, or a lone number, protobuf', () => {
    expect(looksLikeProtobuf(new TextEncoder().encode('hello world'))).toBe(false);
    expect(looksLikeProtobuf(int(1, 5))).toBe(false);
  });
});
