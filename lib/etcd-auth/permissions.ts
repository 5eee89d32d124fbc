// etcd role permissions ↔ the API's { permission, key, prefix } shape.

import { prefixEnd } from '@etcd-console/core/etcd';
import type { IPermission } from 'etcd3';
import type { z } from 'zod';
import { encodeBytes } from '../etcd/encoding';
import { keyBytes } from '../kv/key-param';
import type { permissionType, permissionView, revokePermissionBody } from './schemas';

type PermissionType = z.infer<typeof permissionType>;

const toEtcd: Record<PermissionType, IPermission['permType']> = {
  read: 'Read',
  write: 'Write',
  readwrite: 'Readwrite',
};

const fromEtcd: Record<string, PermissionType> = { Read: 'read', Write: 'write', Readwrite: 'readwrite' };

export function etcdPermType(permission: PermissionType): IPermission['permType'] {
  return toEtcd[permission];
}

/** The key and range end etcd stores for a key or prefix ("" as a prefix: every key). */
export function permissionRange(target: z.infer<typeof revokePermissionBody>): {
  key: Buffer;
  rangeEnd: Buffer;
} {
  const key = keyBytes(target.key, target.keyEncoding);
  if (!target.prefix) return { key, rangeEnd: Buffer.alloc(0) };
  if (key.length === 0) return { key: Buffer.from([0]), rangeEnd: Buffer.from([0]) };
  return { key, rangeEnd: prefixEnd(key) };
}

export function viewPermission(perm: IPermission): z.infer<typeof permissionView> {
  const key = Buffer.from(perm.key ?? []);
  const end = Buffer.from(perm.range_end ?? []);
  const all = key.equals(Buffer.from([0])) && end.equals(Buffer.from([0]));
  const shownKey = encodeBytes(all ? Buffer.alloc(0) : key);
  const shownEnd = encodeBytes(end);
  return {
    permission: fromEtcd[String(perm.permType)] ?? 'read',
    key: shownKey.text,
    keyEncoding: shownKey.encoding,
    rangeEnd: end.length === 0 ? null : shownEnd.text,
    rangeEndEncoding: shownEnd.encoding,
    prefix: all || (end.length > 0 && prefixEnd(key).equals(end)),
  };
}
