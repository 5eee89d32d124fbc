// What one etcd revision looks like on the wire: every event of that revision, in one message.
import type { IKeyValue } from 'etcd3';
import { type Encoding, encodeBytes } from '../etcd/encoding';

export type ChangeEvent = {
  type: 'put' | 'delete';
  key: string;
  keyEncoding?: Encoding;
  value: string;
  valueEncoding?: Encoding;
  createRevision: number;
  modRevision: number;
  version: number;
  lease: string;
  prevValue?: string;
  prevValueEncoding?: Encoding;
};

export type ChangeMessage = { revision: number; events: ChangeEvent[] };

export type ResyncInfo = { revision: number; compactRevision: number };

type RawEvent = { type: string | number; kv: IKeyValue; prev_kv?: IKeyValue };

function toChangeEvent(raw: RawEvent): ChangeEvent {
  const isDelete = raw.type === 'Delete' || raw.type === 'DELETE' || raw.type === 1;
  const key = encodeBytes(raw.kv.key);
  const value = encodeBytes(isDelete ? Buffer.alloc(0) : raw.kv.value);
  const event: ChangeEvent = {
    type: isDelete ? 'delete' : 'put',
    key: key.text,
    value: value.text,
    createRevision: Number(raw.kv.create_revision),
    modRevision: Number(raw.kv.mod_revision),
    version: Number(raw.kv.version),
    lease: String(raw.kv.lease ?? '0'),
  };
  if (key.encoding === 'base64') event.keyEncoding = 'base64';
  if (value.encoding === 'base64') event.valueEncoding = 'base64';
  if (raw.prev_kv) {
    const prev = encodeBytes(raw.prev_kv.value);
    event.prevValue = prev.text;
    if (prev.encoding === 'base64') event.prevValueEncoding = 'base64';
  }
  return event;
}

/** Groups a watch response's events by revision; a transaction's events stay together, in order. */
export function groupByRevision(events: RawEvent[]): ChangeMessage[] {
  const messages: ChangeMessage[] = [];
  for (const raw of events) {
    const event = toChangeEvent(raw);
    const last = messages[messages.length - 1];
    if (last && last.revision === event.modRevision) last.events.push(event);
    else messages.push({ revision: event.modRevision, events: [event] });
  }
  return messages;
}
