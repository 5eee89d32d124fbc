'use client';
import { useCallback } from 'react';
import useSWR, { useSWRConfig } from 'swr';
import type { z } from 'zod';
import { swrFetcher } from '../client/fetcher';
import type {
  authStatus,
  permissionView,
  roleList,
  roleView,
  userList,
  userView,
} from '../etcd-auth/schemas';

export type EtcdAuthStatus = z.infer<typeof authStatus>;
export type EtcdUser = z.infer<typeof userView>;
export type EtcdRole = z.infer<typeof roleView>;
export type EtcdPermission = z.infer<typeof permissionView>;

export const AUTH_STATUS_URL = '/api/v1/etcd-auth';
export const USERS_URL = '/api/v1/etcd-auth/users';
export const ROLES_URL = '/api/v1/etcd-auth/roles';

// etcd's users and roles change through no key, so no live event tells us: poll gently, refetch after each change.
const options = { refreshInterval: 15_000, shouldRetryOnError: false } as const;

export function useEtcdAuthStatus(enabled = true) {
  return useSWR<EtcdAuthStatus>(enabled ? AUTH_STATUS_URL : null, swrFetcher, options);
}

export function useEtcdUsers(enabled = true) {
  return useSWR<z.infer<typeof userList>>(enabled ? USERS_URL : null, swrFetcher, options);
}

export function useEtcdRoles(enabled = true) {
  return useSWR<z.infer<typeof roleList>>(enabled ? ROLES_URL : null, swrFetcher, options);
}

/** Refetches status, users and roles together: a change to one often shows in the others (root, grants). */
export function useRefreshEtcdAuth(): () => Promise<void> {
  const { mutate } = useSWRConfig();
  return useCallback(async () => {
    await Promise.all([mutate(AUTH_STATUS_URL), mutate(USERS_URL), mutate(ROLES_URL)]);
  }, [mutate]);
}
