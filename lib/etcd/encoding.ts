// How etcd bytes travel as JSON: UTF-8 text when valid, otherwise base64 with an explicit encoding flag.
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export type Encoding = 'utf8' | 'base64';

export type EncodedBytes = { text: string; encoding: Encoding };

export function encodeBytes(bytes: Uint8Array): EncodedBytes {
  try {
    return { text: utf8.decode(bytes), encoding: 'utf8' };
  } catch {
    return { text: Buffer.from(bytes).toString('base64'), encoding: 'base64' };
  }
}

const base64Pattern = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export function isBase64(text: string): boolean {
  return base64Pattern.test(text);
}

/** Turns an API string back into bytes; throws on malformed base64 so callers can answer 400. */
export function decodeBytes(text: string, encoding: Encoding = 'utf8'): Buffer {
  if (encoding === 'utf8') return Buffer.from(text, 'utf8');
  if (!isBase64(text)) throw new TypeError('not valid base64');
  return Buffer.from(text, 'base64');
}
