// Maps what the etcd3 client throws onto the API's error contract.

import { isCompactedError, isEtcdUnavailable, isFutureRevisionError } from '@etcd-console/core/etcd';
import { EtcdPermissionDeniedError, GRPCResourceExhastedError, GRPCUnauthenticatedError } from 'etcd3';
import { ApiError } from './errors';

export { isCompactedError, isEtcdUnavailable, isFutureRevisionError };

/** Returns the ApiError for a known etcd failure, or null when the error is ours to log as a 500. */
export function apiErrorFromEtcd(error: unknown): ApiError | null {
  if (error instanceof ApiError) return error;
  if (isCompactedError(error)) {
    return new ApiError('gone', 'That revision has been compacted: etcd no longer holds history before it.');
  }
  if (isFutureRevisionError(error)) return new ApiError('bad_request', 'That revision is in the future.');
  if (error instanceof EtcdPermissionDeniedError) {
    return new ApiError('forbidden', 'etcd denied permission for this operation.');
  }
  if (
    /user name is empty|invalid auth token|authentication failed/i.test(String((error as Error)?.message))
  ) {
    return new ApiError(
      'unauthorized',
      'etcd requires credentials the console does not have (set ETCD_USERNAME/ETCD_PASSWORD).',
    );
  }
  if (/authentication is not enabled/i.test(String((error as Error)?.message))) {
    return new ApiError('bad_request', 'etcd authentication is not enabled, but credentials were sent.');
  }
  if (error instanceof GRPCUnauthenticatedError) {
    return new ApiError('unauthorized', 'etcd rejected the credentials.');
  }
  if (error instanceof GRPCResourceExhastedError) {
    const message = error.message;
    if (/NOSPACE|space exceeded/i.test(message)) {
      return new ApiError(
        'etcd_unavailable',
        'etcd is out of space (NOSPACE alarm): free space, defragment and disarm the alarm.',
      );
    }
    return new ApiError('too_large', 'The request or response exceeds etcd limits.');
  }
  if (/request is too large/i.test(String((error as Error)?.message))) {
    return new ApiError('too_large', 'etcd refused the request as too large.');
  }
  if (isEtcdUnavailable(error)) {
    return new ApiError('etcd_unavailable', 'etcd is unreachable: no endpoint answered in time.');
  }
  return null;
}
