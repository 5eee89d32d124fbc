import 'server-only';
// Is etcd auth on? etcd 3.5+ answers AuthStatus; 3.4 lacks it, so ask it to log in a user that cannot exist.
import { GRPCNotImplementedError } from 'etcd3';
import { etcdClient } from '../etcd/client';

const PROBE_USER = 'etcd-console-auth-probe-no-such-user';

export type AuthState = { enabled: boolean; authRevision: number | null };

/** etcd checks "auth enabled" before the user: "not enabled" means off, "authentication failed" means on. */
async function probeAuthenticate(): Promise<boolean> {
  try {
    await etcdClient().auth.authenticate({ name: PROBE_USER, password: 'x' });
    return true;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (/authentication is not enabled/i.test(message)) return false;
    if (/authentication failed/i.test(message)) return true;
    throw error;
  }
}

export async function readAuthState(): Promise<AuthState> {
  try {
    const res = await etcdClient().auth.authStatus();
    return { enabled: Boolean(res.enabled), authRevision: Number(res.authRevision ?? 0) };
  } catch (error) {
    const unimplemented = error instanceof GRPCNotImplementedError || /UNIMPLEMENTED/.test(String(error));
    if (!unimplemented) {
      // A console with credentials cannot even log in while auth is off.
      if (/authentication is not enabled/i.test(String(error))) return { enabled: false, authRevision: null };
      throw error;
    }
  }
  return { enabled: await probeAuthenticate(), authRevision: null };
}
