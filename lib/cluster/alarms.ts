import 'server-only';
// etcd alarms, each explained from the member's own figures (why NOSPACE fired: db size against quota).
import type { IAlarmMember } from 'etcd3';
import type { z } from 'zod';
import { etcdClient } from '../etcd/client';
import { formatBytes } from '../format/bytes';
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

export async function readRawAlarms(): Promise<{ alarms: IAlarmMember[]; revision: number }> {
  const res = await etcdClient().maintenance.alarm({ action: 'Get', memberID: 0, alarm: 'None' });
  return { alarms: res.alarms ?? [], revision: Number(res.header.revision) };
}

export async function listAlarms(): Promise<z.infer<typeof alarmList>> {
  const [raw, view] = await Promise.all([readRawAlarms(), readMembers()]);
  return { alarms: describeAlarms(raw.alarms, view.members), revision: raw.revision };
}

/** Deactivates the matching alarms. etcd raises NOSPACE again at once if the space is still not there. */
export async function disarmAlarms(
  filter: z.infer<typeof disarmBody>,
): Promise<z.infer<typeof disarmAnswer>> {
  const view = await readMembers();
  const before = describeAlarms((await readRawAlarms()).alarms, view.members);
  const chosen = before.filter(
    (a) =>
      (filter.memberId === undefined || a.memberId === filter.memberId) &&
      (filter.alarm === undefined || a.alarm === filter.alarm),
  );
  for (const a of chosen) {
    await etcdClient().maintenance.alarm({
      action: 'Deactivate',
      memberID: a.memberId,
      alarm: etcdName[a.alarm],
    });
  }
  const after = describeAlarms((await readRawAlarms()).alarms, view.members);
  return { disarmed: chosen, remaining: after };
}
