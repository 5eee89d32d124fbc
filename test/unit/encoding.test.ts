import { describe, expect, it } from 'vitest';
import { decodeBytes, encodeBytes } from '@/lib/etcd/encoding';

describe('key and value encodings', () => {
  it('keeps valid UTF-8 as text, including CJK and emoji', () => {
    expect(encodeBytes(Buffer.from('配置/价格 ✓ 🚀'))).toEqual({ text: '配置/价格 ✓ 🚀', encoding: 'utf8' });
  });

  it('turns invalid UTF-8 into base64 and back byte for byte', () => {
    const bytes = Buffer.from([0xff, 0x00, 0xc3, 0x28, 0x80]);
    const encoded = encodeBytes(bytes);
    expect(encoded.encoding).toBe('base64');
    expect(decodeBytes(encoded.text, encoded.encoding).equals(bytes)).toBe(true);
  });

  it('keeps a leading byte-order mark instead of dropping it', () => {
    const bytes = Buffer.from([0xef, 0xbb, 0xbf, 0x41]);
    const encoded = encodeBytes(bytes);
    expect(decodeBytes(encoded.text, encoded.encoding).equals(bytes)).toBe(true);
  });

  it.each(['abc', '====', 'ab=c', 'a b='])('rejects malformed base64 %j', (text) => {
    expect(() => decodeBytes(text, 'base64')).toThrow(TypeError);
  });
});
