import 'server-only';
// One election, lock or Patroni cluster as the API shows it, from its keys and their leases' TTLs.
import type { IKeyValue } from 'etcd3';
import { encodeBytes } from '../etcd/encoding';
import type { LeaseTtl } from '../registry/lease-ttls';
import { holderId, lastReadRevision, noteHolder } from './held-since';
import { type ContenderRead, MAX_CONTENDERS } from './read-contenders';
import { leaseHex, recipeKindOf } from './recipes';
import type { Contender, CoordinationEntry } from './schemas';

/** Values are shown up to this many bytes (a Patroni member's JSON, a long proposal). */
const MAX_VALUE_BYTES = 1024;

export type TtlLookup = (lease: string) => LeaseTtl | null | undefined;

export function toContender(kv: IKeyValue, ttlOf: TtlLookup = () => undefined): Contender {
  const lease = String(kv.lease ?? '0');
  const long = kv.value.length > MAX_VALUE_BYTES;
  const value = encodeBytes(long ? kv.value.subarray(0, MAX_VALUE_BYTES) : kv.value);
  const ttl = lease === '0' ? undefined : ttlOf(lease);
  return {
    key: kv.key.toString('utf8'),
    value: value.text,
    ...(value.encoding === 'base64' ? { valueEncoding: 'base64' as const } : {}),
    ...(long ? { valueTruncated: true } : {}),
    lease,
    leaseHex: lease === '0' ? '0' : leaseHex(lease),
    ttl: ttl ? ttl.ttl : null,
    grantedTtl: ttl ? ttl.grantedTtl : null,
    createRevision: Number(kv.create_revision),
    modRevision: Number(kv.mod_revision),
  };
}

/** The entry, or null when the prefix holds nothing any more (a Patroni cluster without a leader still shows). */
export function buildEntry(
  read: ContenderRead,
  revision: number,
  ttlOf: TtlLookup,
): CoordinationEntry | null {
  const { candidate } = read;
  if (candidate.kind === 'patroni') {
    // A leader key without members is some other `…/leader` key on a lease, not Patroni.
    if (read.members.length === 0) return null;
    const leader = read.kvs[0] ? toContender(read.kvs[0], ttlOf) : null;
    return {
      prefix: candidate.prefix,
      kind: 'patroni',
      kindGuessed: false,
      holder: leader,
      heldSince: since(`patroni:${candidate.prefix}`, leader, revision),
      waiters: [],
      members: read.members.map((kv) => toContender(kv, ttlOf)),
      contenders: read.count,
      truncated: read.count > read.members.length,
    };
  }
  if (read.kvs.length === 0) return null;
  const [first, ...rest] = read.kvs.map((kv) => toContender(kv, ttlOf));
  const { kind, guessed } = recipeKindOf(read.kvs.map((kv) => kv.value));
  return {
    prefix: candidate.prefix,
    kind,
    kindGuessed: guessed,
    holder: first ?? null,
    heldSince: since(`recipe:${candidate.prefix}`, first ?? null, revision),
    waiters: rest,
    contenders: read.count,
    truncated: read.count > Math.min(read.kvs.length, MAX_CONTENDERS),
  };
}

function since(id: string, holder: Contender | null, revision: number) {
  const last = lastReadRevision();
  const created = holder !== null && last !== null && holder.createRevision > last;
  return noteHolder(id, holder ? holderId(holder.key, holder.createRevision) : null, revision, created);
}

/** Every lease of an entry's holder, waiters and members. */
export function leasesOf(read: ContenderRead): string[] {
  return [...read.kvs, ...read.members].map((kv) => String(kv.lease ?? '0')).filter((id) => id !== '0');
}
