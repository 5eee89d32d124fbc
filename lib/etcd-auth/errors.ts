// etcd's auth refusals as API errors: exists → 409, not found → 404, refused management → 409.
import {
  EtcdAuthenticationFailedError,
  EtcdRoleExistsError,
  EtcdRoleNotFoundError,
  EtcdRoleNotGrantedError,
  EtcdUserExistsError,
  EtcdUserNotFoundError,
} from 'etcd3';
import { ApiError } from '../api/errors';

const byMessage: Array<[RegExp, ApiError['code'], string]> = [
  [
    /permission (is )?not granted to the role/i,
    'not_found',
    'The role has no permission on exactly that key or range.',
  ],
  [
    /invalid auth management/i,
    'conflict',
    'etcd refuses this while auth is on (the root user must keep the root role).',
  ],
  [/root user does not exist/i, 'conflict', 'Create a user named root first.'],
  [/root user does not have root role/i, 'conflict', 'Grant the root role to the root user first.'],
  [/authentication is not enabled/i, 'conflict', 'etcd auth is not enabled.'],
  [/user name is empty/i, 'unauthorized', 'etcd auth is on and the console connects without credentials.'],
];

/** The API error for a known auth refusal, else the error unchanged (the route wrapper maps the rest). */
export function authApiError(error: unknown): unknown {
  if (error instanceof EtcdUserExistsError) return new ApiError('conflict', 'That user already exists.');
  if (error instanceof EtcdRoleExistsError) return new ApiError('conflict', 'That role already exists.');
  if (error instanceof EtcdUserNotFoundError) return new ApiError('not_found', 'No such etcd user.');
  if (error instanceof EtcdRoleNotFoundError) return new ApiError('not_found', 'No such role.');
  if (error instanceof EtcdRoleNotGrantedError) {
    return new ApiError('not_found', 'The user does not have that role.');
  }
  if (error instanceof EtcdAuthenticationFailedError) {
    return new ApiError('unauthorized', 'etcd rejected the console’s user name or password.');
  }
  const message = error instanceof Error ? error.message : '';
  const known = byMessage.find(([pattern]) => pattern.test(message));
  return known ? new ApiError(known[1], known[2]) : error;
}

/** Runs an auth call, turning etcd's refusals into API errors. */
export async function authCall<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw authApiError(error);
  }
}
