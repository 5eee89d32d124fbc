import 'server-only';
// Asks one member about itself, at its own client URL, within a short deadline.
import type { IStatusResponse } from 'etcd3';
import type { z } from 'zod';
import { MEMBER_CALL_TIMEOUT_MS, memberClient } from './member-clients';
import { readMemberQuota } from './member-metrics';
import type { memberStatus } from './schemas';

export type MemberStatus = z.infer<typeof memberStatus>;

export type MemberProbe = {
  status: MemberStatus | null;
  error: string | null;
  latencyMs: number;
  /** The store revision in the member's answer header (0 when it did not answer). */
  revision: number;
};

function toStatus(res: IStatusResponse, quotaBytes: number | null): MemberStatus {
  return {
    version: res.version,
    dbSize: Number(res.dbSize),
    dbSizeInUse: Number(res.dbSizeInUse ?? res.dbSize),
    quotaBytes,
    raftIndex: Number(res.raftIndex),
    raftAppliedIndex: Number(res.raftAppliedIndex ?? res.raftIndex),
    raftTerm: Number(res.raftTerm),
    leader: String(res.leader),
    isLearner: Boolean(res.isLearner),
    errors: res.errors ?? [],
  };
}

/** A short reason fit for the UI, e.g. "unreachable: 14 UNAVAILABLE: No connection established". */
export function describeMemberError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const name = (error as { name?: string } | null)?.name ?? '';
  if (name === 'BrokenCircuitError' || /breaker is open/i.test(message)) {
    return 'unreachable: recent calls failed, retrying shortly';
  }
  if (/deadline exceeded|timed out/i.test(message)) {
    return `unreachable: no answer within ${MEMBER_CALL_TIMEOUT_MS} ms`;
  }
  return `unreachable: ${message}`;
}

/** Status of the member at `clientUrl`; a failure is reported, never thrown. */
export async function probeMember(clientUrl: string): Promise<MemberProbe> {
  const started = performance.now();
  // One absolute deadline: the client's retry must not double the wait on a hung member.
  const deadline = Date.now() + MEMBER_CALL_TIMEOUT_MS;
  try {
    const [res, quotaBytes] = await Promise.all([
      memberClient(clientUrl).maintenance.status({ deadline }),
      readMemberQuota(clientUrl),
    ]);
    return {
      status: toStatus(res, quotaBytes),
      error: null,
      latencyMs: elapsed(started),
      revision: Number(res.header.revision),
    };
  } catch (error) {
    return { status: null, error: describeMemberError(error), latencyMs: elapsed(started), revision: 0 };
  }
}

function elapsed(started: number): number {
  return Math.round((performance.now() - started) * 10) / 10;
}
