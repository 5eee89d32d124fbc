// The console's own keys (audit trail, tokens) cannot be edited through the key-value API.
import { ApiError } from '../api/errors';

export const RESERVED_PREFIX = Buffer.from('/_console/');

export function assertWritableKey(key: Buffer): void {
  if (key.subarray(0, RESERVED_PREFIX.length).equals(RESERVED_PREFIX)) {
    throw new ApiError(
      'forbidden',
      'Keys under /_console/ belong to the console (audit trail, tokens) and cannot be edited here.',
    );
  }
}

/** A prefix delete must not sweep the console's own keys along. */
export function assertWritablePrefix(prefix: Buffer): void {
  assertWritableKey(prefix);
  if (RESERVED_PREFIX.subarray(0, prefix.length).equals(prefix)) {
    throw new ApiError(
      'forbidden',
      'This prefix covers /_console/, which belongs to the console: choose a narrower prefix.',
    );
  }
}
