import 'server-only';
// etcd auth on and off. Enabling is refused unless a root user holds the root role, so nobody is locked out.
// Each switch is audited attempted-first; its completion may be refused by the switch itself (the console's
// credentials no longer fit), which leaves the record "attempted" and says so in the server log.
import type { z } from 'zod';
import { ApiError } from '../api/errors';
import { runAudited } from '../audit/run-audited';
import { etcdClient, etcdConfig } from '../etcd/client';
import { readAuthState } from './auth-state';
import { authCall } from './errors';
import type { authStatus, authToggleAnswer } from './schemas';

type AuthToggle = z.infer<typeof authToggleAnswer>;

async function rootState(): Promise<{ exists: boolean; hasRootRole: boolean }> {
  try {
    const res = await authCall(() => etcdClient().auth.userGet({ name: 'root' }));
    return { exists: true, hasRootRole: (res.roles ?? []).includes('root') };
  } catch (error) {
    if (error instanceof ApiError && error.code === 'not_found') return { exists: false, hasRootRole: false };
    throw error;
  }
}

export async function readAuthStatus(): Promise<z.infer<typeof authStatus>> {
  const state = await readAuthState();
  // Users are unreadable to a console without rights (or with credentials while auth is off).
  const root = await rootState().catch(() => null);
  return { ...state, root };
}

export async function enableAuth(): Promise<AuthToggle> {
  const root = await rootState();
  if (!root.exists || !root.hasRootRole) {
    throw new ApiError(
      'conflict',
      root.exists
        ? 'Refusing to enable auth: the root user lacks the root role. Grant it first.'
        : 'Refusing to enable auth: create a user named root with the root role first.',
      { root },
    );
  }
  await runAudited('etcd-auth.enable', [], () => authCall(() => etcdClient().auth.authEnable()));
  return {
    enabled: true,
    note: etcdConfig().username
      ? `The console connects as ${etcdConfig().username}; that user needs roles for what it should see.`
      : 'The console connects without credentials and etcd now refuses it: restart it with ETCD_USERNAME and ETCD_PASSWORD (for example root).',
  };
}

export async function disableAuth(): Promise<AuthToggle> {
  await runAudited('etcd-auth.disable', [], () => authCall(() => etcdClient().auth.authDisable()));
  return {
    enabled: false,
    note: 'Every client may now read and write every key. A console with ETCD_USERNAME/ETCD_PASSWORD can no longer log in (etcd refuses logins while auth is off): restart it without them.',
  };
}
