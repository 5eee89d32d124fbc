import { describe, expect, it } from 'vitest';
import { base64ToBytes, bytesToBase64, bytesToHex, hexToBytes, isValidBase64 } from '@/lib/kv/byte-views';

describe('byte views', () => {
  const bytes = new Uint8Array([0, 1, 127, 128, 255, 0xde, 0xad, 0xbe, 0xef, 10, 13, 0, 0, 0, 0, 0, 42]);

  it('round-trips hex byte for byte, across line breaks', () => {
    const hex = bytesToHex(bytes);
    expect(hex.split('\n')).toHaveLength(2);
    expect(Array.from(hexToBytes(hex)!)).toEqual(Array.from(bytes));
  });

  it('round-trips base64 byte for byte', () => {
    expect(Array.from(base64ToBytes(bytesToBase64(bytes)))).toEqual(Array.from(bytes));
  });

  it.each(['0', 'zz', '0g'])('rejects malformed hex %j', (text) => {
    expect(hexToBytes(text)).toBeNull();
  });

  it('tells valid base64 from invalid', () => {
    expect(isValidBase64('3q2+7w==')).toBe(true);
    expect(isValidBase64('3q2+7w=')).toBe(false);
  });
});
