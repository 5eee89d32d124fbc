import 'server-only';
// etcd alarms, each explained from the member's own figures (why NOSPACE fired: db size against quota).
import type { Etcd3, IAlarmMember } from 'etcd3';
import type { z } from 'zod';
import { runAudited } from '../audit/run-audited';
import { etcdClient } from '../etcd/client';
import { formatBytes } from '../format/bytes';
import { memberClient } from './member-clients';
import { type MemberReport, readMembers } from './read-members';
import type { alarmList, alarmName, alarmReport, disarmAnswer, disarmBody } from './schemas';

export type AlarmReport = z.infer<typeof alarmReport>;
type AlarmName = z.infer<typeof alarmName>;

const apiName: Record<string, AlarmName | undefined> = { Nospace: 'NOSPACE', Corrupt: 'CORRUPT' };
const etcdName: Record<AlarmName, 'Nospace' | 'Corrupt'> = { NOSPACE: 'Nospace', CORRUPT: 'Corrupt' };

function nospaceReason(member: MemberReport | undefined): string {
  const status = member?.status;
  if (!status)
    return 'The backend database reached its quota; the member does not answer now, so its size is unknown.';
  const quota = status.quotaBytes;
  const share = quota ? ` (${Math.round((status.dbSize / quota) * 100)}%)` : '';
  const of = quota ? ` of its ${formatBytes(quota)} quota${share}` : ' (quota unknown)';
  return (
    `The backend database is ${formatBytes(status.dbSize)}${of}, ${formatBytes(status.dbSizeInUse)} in use. ` +
    'etcd refuses writes until space is freed (delete keys, compact, defragment) and the alarm is disarmed.'
  );
}

/** The API view of one raw alarm, null for alarm types the API does not know. */
export function describeAlarm(raw: IAlarmMember, members: MemberReport[]): AlarmReport | null {
  const alarm = apiName[String(raw.alarm)];
  if (!alarm) return null;
  const member = members.find((m) => m.id === raw.memberID);
  const reason =
    alarm === 'NOSPACE'
      ? nospaceReason(member)
      : 'The member’s data failed a consistency check against the others; restore it from a snapshot.';
  return { memberId: raw.memberID, memberName: member?.name ?? null, alarm, reason };
}

export function describeAlarms(raw: IAlarmMember[], members: MemberReport[]): AlarmReport[] {
  return raw.map((a) => describeAlarm(a, members)).filter((a): a is AlarmReport => a !== null);
}

/** Alarms go through raft: without a leader the call waits, so callers that must stay quick pass a deadline. */
export async function readRawAlarms(
  deadline?: number,
  client: Etcd3 = etcdClient(),
): Promise<{ alarms: IAlarmMember[]; revision: number }> {
  const res = await client.maintenance.alarm(
    { action: 'Get', memberID: 0, alarm: 'None' },
    deadline === undefined ? undefined : { deadline },
  );
  // etcd 3.4 leaves the header out of an alarm answer now and then.
  return { alarms: res.alarms ?? [], revision: Number(res.header?.revision ?? 0) };
}

export async function listAlarms(): Promise<z.infer<typeof alarmList>> {
  const [raw, view] = await Promise.all([readRawAlarms(), readMembers()]);
  return { alarms: describeAlarms(raw.alarms, view.members), revision: raw.revision };
}

/**
 * The console's main client trips its circuit breaker on the NOSPACE refusals that precede a disarm
 * (etcd3 counts RESOURCE_EXHAUSTED as a connection fault), so disarm through a member's own client.
 */
function recoveryClient(members: MemberReport[]): Etcd3 {
  const answering = members.filter((m) => m.status && m.clientUrls[0]);
  const pick = answering.find((m) => m.isLeader) ?? answering[0];
  return pick?.clientUrls[0] ? memberClient(pick.clientUrls[0]) : etcdClient();
}

/** Deactivates the matching alarms. etcd raises NOSPACE again at once if the space is still not there. */
export async function disarmAlarms(
  filter: z.infer<typeof disarmBody>,
): Promise<z.infer<typeof disarmAnswer>> {
  const view = await readMembers();
  const client = recoveryClient(view.members);
  const before = describeAlarms((await readRawAlarms(undefined, client)).alarms, view.members);
  const chosen = before.filter(
    (a) =>
      (filter.memberId === undefined || a.memberId === filter.memberId) &&
      (filter.alarm === undefined || a.alarm === filter.alarm),
  );
  // No transaction: the audit record is written first (attempted), then completed.
  return runAudited(
    'cluster.alarms.disarm',
    [],
    async () => {
      for (const a of chosen) {
        await client.maintenance.alarm({
          action: 'Deactivate',
          memberID: a.memberId,
          alarm: etcdName[a.alarm],
        });
      }
      const after = describeAlarms((await readRawAlarms(undefined, client)).alarms, view.members);
      return { disarmed: chosen, remaining: after };
    },
    {
      extra: { details: { alarms: chosen.map((a) => ({ memberId: a.memberId, alarm: a.alarm })) } },
      details: (a) => ({ remaining: a.remaining.length }),
      // Disarming NOSPACE is how etcd takes puts again: its record cannot be written before.
      evenWithoutSpace: true,
    },
  );
}
