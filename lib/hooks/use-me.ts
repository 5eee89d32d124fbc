'use client';
import useSWR from 'swr';
import { swrFetcher } from '../client/fetcher';

export type Me = {
  mode: 'none' | 'console' | 'etcd';
  readOnly: boolean;
  user: { name: string; role: 'viewer' | 'operator' | 'admin'; prefixes: string[]; via: string } | null;
};

const rank = { viewer: 0, operator: 1, admin: 2 } as const;

/** The signed-in user and what the UI should offer them; the API enforces the same rules regardless. */
export function useMe() {
  const { data } = useSWR<Me>('/api/v1/auth/me', swrFetcher, {
    revalidateOnFocus: false,
    shouldRetryOnError: false,
  });
  const role = data?.user?.role;
  const atLeast = (needed: keyof typeof rank) =>
    Boolean(role && !data?.readOnly && rank[role] >= rank[needed]);
  return {
    me: data,
    /** May edit keys (under `key`, when the role is limited to prefixes). */
    canWrite: (key?: string) =>
      atLeast('operator') &&
      (!key || !data?.user?.prefixes.length || data.user.prefixes.some((p) => key.startsWith(p))),
    canOperate: atLeast('operator'),
    isAdmin: atLeast('admin'),
  };
}
