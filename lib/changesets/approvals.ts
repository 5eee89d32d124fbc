import 'server-only';
// Whether a set has the approvals the policy asks for, and why not, in the words the API answers with.
import { authConfig } from '../auth/auth-config';
import type { ChangeSetRecord } from './schemas';
import { LOGIN_OFF_FOUR_EYES } from './verdict';

/** What keeps the set's verdicts from allowing a publish (empty: nothing). */
export function approvalBlockers(record: ChangeSetRecord, required: number): string[] {
  const blockers: string[] = [];
  for (const r of record.rejections) blockers.push(`Rejected by ${r.by}: ${r.comment}`);
  const given = record.approvals.filter((a) => a.by !== record.author).length;
  if (given < required) {
    blockers.push(
      authConfig().mode === 'none'
        ? `The policy asks for ${required} approval(s) from people other than the author. ${LOGIN_OFF_FOUR_EYES}`
        : `The policy asks for ${required} approval(s) from people other than the author; it has ${given}.`,
    );
  }
  return blockers;
}
