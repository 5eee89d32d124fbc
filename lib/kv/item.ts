// How one etcd key-value travels in the API.
import type { IKeyValue } from 'etcd3';
import { type Encoding, encodeBytes } from '../etcd/encoding';

export type KvItem = {
  key: string;
  keyEncoding?: Encoding;
  value?: string;
  valueEncoding?: Encoding;
  /** Bytes of the value, so a UI can warn before opening something large. */
  size: number;
  createRevision: number;
  modRevision: number;
  version: number;
  /** Lease ID as a decimal string; "0" = no lease. */
  lease: string;
};

export function toItem(kv: IKeyValue, withValue = true): KvItem {
  const key = encodeBytes(kv.key);
  const item: KvItem = {
    key: key.text,
    size: kv.value?.length ?? 0,
    createRevision: Number(kv.create_revision),
    modRevision: Number(kv.mod_revision),
    version: Number(kv.version),
    lease: String(kv.lease ?? '0'),
  };
  if (key.encoding === 'base64') item.keyEncoding = 'base64';
  if (withValue) {
    const value = encodeBytes(kv.value ?? Buffer.alloc(0));
    item.value = value.text;
    if (value.encoding === 'base64') item.valueEncoding = 'base64';
  }
  return item;
}

/** Approximate JSON size of an item, to keep responses under their byte budget. */
export function itemSize(item: KvItem): number {
  return item.key.length + (item.value?.length ?? 0) + 160;
}
