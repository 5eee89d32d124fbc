// The bytes of a staged edit's key and value, as stored (UTF-8 text or base64).
import { decodeBytes } from '../etcd/encoding';
import type { StoredEdit } from './schemas';

export function editKeyBytes(edit: Pick<StoredEdit, 'key' | 'keyEncoding'>): Buffer {
  return decodeBytes(edit.key, edit.keyEncoding ?? 'utf8');
}

export function editValueBytes(edit: StoredEdit): Buffer {
  return decodeBytes(edit.value ?? '', edit.valueEncoding ?? 'utf8');
}

/** Edits are told apart by their key bytes (the same key twice in one set is one edit). */
export function sameKey(
  a: Pick<StoredEdit, 'key' | 'keyEncoding'>,
  b: Pick<StoredEdit, 'key' | 'keyEncoding'>,
) {
  return editKeyBytes(a).equals(editKeyBytes(b));
}
