// The exact bytes of a value as the API sent it: UTF-8 text, or base64 when the bytes are not valid UTF-8.
import { base64ToBytes } from '../kv/byte-views';
import { type RecognizedValue, recognizeValue } from './recognize';

const encoder = new TextEncoder();

export function valueBytes(item: { value?: string; valueEncoding?: 'utf8' | 'base64' }): Uint8Array {
  const value = item.value ?? '';
  // The server only sends valid UTF-8 as text (lib/etcd/encoding.ts), so encoding it again gives the stored bytes.
  return item.valueEncoding === 'base64' ? base64ToBytes(value) : encoder.encode(value);
}

const recognized = new WeakMap<object, RecognizedValue>();

/** What an API item's value is, computed once per item object (the panel and the editor share SWR's objects). */
export function recognizeItem(item: {
  key: string;
  keyEncoding?: 'utf8' | 'base64';
  value?: string;
  valueEncoding?: 'utf8' | 'base64';
}): RecognizedValue {
  const known = recognized.get(item);
  if (known) return known;
  const value = recognizeValue(valueBytes(item), item.keyEncoding === 'base64' ? '' : item.key);
  recognized.set(item, value);
  return value;
}
