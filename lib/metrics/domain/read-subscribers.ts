import 'server-only';
// Config subscribers per app and prefix: how far the slowest instance is behind the newest change under its prefix.
// One read of /subscribers/ and, per distinct prefix, one or two limit-1 ranges (lib/subscribers/list-subscribers.ts).
import { listSubscribers } from '../../subscribers/list-subscribers';
import type { SubscriberRow } from './types';

export async function readSubscriberRows(): Promise<SubscriberRow[]> {
  const { subscribers } = await listSubscribers(null);
  const rows = new Map<string, SubscriberRow>();
  for (const s of subscribers) {
    const id = `${s.app}\u0000${s.prefix}`;
    const row = rows.get(id) ?? {
      app: s.app,
      prefix: s.prefix,
      instances: 0,
      errors: 0,
      revisionsBehind: 0,
      secondsBehind: null,
    };
    rows.set(id, row);
    row.instances += 1;
    if (s.lag.state === 'error') row.errors += 1;
    row.revisionsBehind = Math.max(row.revisionsBehind, s.lag.revisionsBehind);
    const seconds = s.lag.revisionsBehind > 0 ? s.lag.secondsBehind : null;
    if (seconds !== null) row.secondsBehind = Math.max(row.secondsBehind ?? 0, seconds);
  }
  // Not behind is 0 s; behind with no instance's delay estimated stays unknown (null).
  for (const row of rows.values()) if (row.revisionsBehind === 0) row.secondsBehind = 0;
  return [...rows.values()].sort((a, b) => a.app.localeCompare(b.app) || a.prefix.localeCompare(b.prefix));
}
