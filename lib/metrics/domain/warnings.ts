// The Overview's live warnings: the conditions of deploy/prometheus/alerts.yml, judged on one snapshot (no `for:`).
import { z } from 'zod';
import type { DomainSnapshot } from './types';

export const warningKind = z.enum([
  'ServiceNoHealthyInstance',
  'InstanceFlapping',
  'LeaseExpiringSoon',
  'CommandQueueStuck',
  'WorkReportStalled',
  'ConfigNotPropagated',
  'EtcdAlarmActive',
  'EtcdDbNearQuota',
  'EtcdMemberUnreachable',
  'EtcdNoLeader',
  'EtcdLeaderChangesFrequent',
  'ConsoleEtcdUnavailable',
]);

export const warningSchema = z.object({
  kind: warningKind.describe(
    'the alert rule of deploy/prometheus/alerts.yml this is, and its docs/alerts.md section',
  ),
  subject: z.string().describe('the culprit: service, command group, task name, app and prefix, or member'),
  value: z.number().nullable().describe('the figure that crossed the threshold (count, seconds or ratio)'),
  href: z.string().describe('the console page that shows the culprit'),
});

export const warningsResponse = z.object({
  collectedAt: z.string(),
  warnings: z.array(warningSchema),
  keyspace: z
    .boolean()
    .describe('false: only cluster conditions, the caller may not read the whole keyspace'),
});

export type Warning = z.infer<typeof warningSchema>;

/** The rules' thresholds, shared with alerts.yml by value (test/unit/prometheus-rules.test.ts compares them). */
export const THRESHOLDS = {
  flaps15m: 3,
  queuedSeconds: 300,
  progressSeconds: 600,
  lagSeconds: 120,
  quotaRatio: 0.8,
  leaderChanges1h: 3,
};

const enc = encodeURIComponent;

function keyspaceWarnings(s: DomainSnapshot): Warning[] {
  const out: Warning[] = [];
  for (const r of s.keyspace.services ?? []) {
    const href = `/services/${enc(r.service)}${r.layout === 'console' ? '' : `?layout=${enc(r.layout)}`}`;
    const subject = r.layout === 'console' ? r.service : `${r.service} (${r.layout})`;
    if (r.up === 0) out.push({ kind: 'ServiceNoHealthyInstance', subject, value: 0, href });
    if (r.recentFlaps >= THRESHOLDS.flaps15m)
      out.push({ kind: 'InstanceFlapping', subject, value: r.recentFlaps, href });
    if (r.expiring) out.push({ kind: 'LeaseExpiringSoon', subject, value: r.expiring, href });
  }
  for (const c of s.keyspace.commands ?? []) {
    if (c.oldestQueuedSeconds <= THRESHOLDS.queuedSeconds || !c.oldestQueuedId) continue;
    const href = `/workers/commands/${enc(c.oldestQueuedId)}`;
    out.push({ kind: 'CommandQueueStuck', subject: c.group, value: Math.round(c.oldestQueuedSeconds), href });
  }
  for (const t of s.keyspace.tasks ?? []) {
    if (t.running === 0 || t.oldestProgressSeconds <= THRESHOLDS.progressSeconds) continue;
    const value = Math.round(t.oldestProgressSeconds);
    out.push({ kind: 'WorkReportStalled', subject: t.name, value, href: '/workers' });
  }
  for (const c of s.keyspace.subscribers ?? []) {
    const late = c.secondsBehind === null ? c.revisionsBehind > 0 : c.secondsBehind > THRESHOLDS.lagSeconds;
    if (!late && c.errors === 0) continue;
    const href = `/keys?prefix=${enc(c.prefix)}`;
    out.push({ kind: 'ConfigNotPropagated', subject: `${c.app} ${c.prefix}`, value: c.secondsBehind, href });
  }
  return out;
}

function clusterWarnings(s: DomainSnapshot): Warning[] {
  const out: Warning[] = [];
  if (!s.etcdUp) out.push({ kind: 'ConsoleEtcdUnavailable', subject: '', value: null, href: '/cluster' });
  const cluster = s.cluster;
  if (!cluster) return out;
  const at = (kind: Warning['kind'], subject: string, value: number | null) =>
    out.push({ kind, subject, value, href: '/cluster' });
  for (const a of cluster.alarms ?? []) at('EtcdAlarmActive', `${a.member} ${a.alarm}`, null);
  for (const m of cluster.members) {
    if (!m.up) at('EtcdMemberUnreachable', m.name, null);
    const ratio = m.dbSize === null ? 0 : m.dbSize / m.quotaBytes;
    if (ratio > THRESHOLDS.quotaRatio) at('EtcdDbNearQuota', m.name, Math.round(ratio * 100) / 100);
  }
  if (cluster.members.some((m) => m.up) && !cluster.leader) at('EtcdNoLeader', '', null);
  if (cluster.recentLeaderChanges >= THRESHOLDS.leaderChanges1h) {
    at('EtcdLeaderChangesFrequent', '', cluster.recentLeaderChanges);
  }
  return out;
}

/** Cluster conditions for every viewer (the Cluster page shows them too); keyspace ones only with `keyspace`. */
export function warningsFrom(snapshot: DomainSnapshot, keyspace: boolean): z.infer<typeof warningsResponse> {
  return {
    collectedAt: new Date(snapshot.collectedAt).toISOString(),
    warnings: [...clusterWarnings(snapshot), ...(keyspace ? keyspaceWarnings(snapshot) : [])],
    keyspace,
  };
}
