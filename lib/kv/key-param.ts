// API strings (UTF-8 or base64) to key bytes, with a 400 for malformed base64.
import { ApiError } from '../api/errors';
import { decodeBytes, type Encoding } from '../etcd/encoding';

export function keyBytes(text: string, encoding: Encoding, what = 'key'): Buffer {
  try {
    return decodeBytes(text, encoding);
  } catch {
    throw new ApiError('bad_request', `${what} is not valid base64`);
  }
}
