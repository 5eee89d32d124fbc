// Keys arrive in the query as UTF-8 or base64 (keyEncoding); subscriber prefixes are UTF-8 strings.
import { ApiError } from '../api/errors';
import { decodeBytes, type Encoding } from '../etcd/encoding';

export function keyFromQuery(text: string, encoding: Encoding, name: string): string {
  try {
    return decodeBytes(text, encoding).toString('utf8');
  } catch {
    throw new ApiError('bad_request', `${name} is not valid base64.`);
  }
}
