// zod schemas of the cluster API: members, alarms, maintenance and space (also the OpenAPI source).
import { z } from 'zod';

const memberId = z.string().regex(/^\d{1,20}$/, 'a member ID is a decimal string');

export const memberStatus = z.object({
  version: z.string(),
  dbSize: z.number().describe('bytes of the backend file, as allocated'),
  dbSizeInUse: z.number().describe('bytes logically in use; the rest is reclaimed by a defragmentation'),
  quotaBytes: z
    .number()
    .nullable()
    .describe('--quota-backend-bytes, read from the member /metrics; null when unreadable'),
  raftIndex: z.number(),
  raftAppliedIndex: z.number(),
  raftTerm: z.number(),
  leader: z.string().describe('the leader this member believes in; "0" while it knows none'),
  isLearner: z.boolean(),
  errors: z.array(z.string()).describe('alarm and health notes the member reports about itself'),
});

export const memberReport = z.object({
  id: z.string().describe('member ID, decimal'),
  name: z.string().describe('empty for a member added but never started'),
  peerUrls: z.array(z.string()),
  clientUrls: z.array(z.string()),
  isLearner: z.boolean(),
  isLeader: z.boolean(),
  status: memberStatus.nullable().describe('null when the member did not answer at its own client URL'),
  error: z.string().nullable().describe('why the member did not answer'),
  latencyMs: z.number().describe('time its status call took, or failed after'),
});

export const alarmName = z.enum(['NOSPACE', 'CORRUPT']);

export const alarmReport = z.object({
  memberId: z.string(),
  memberName: z.string().nullable(),
  alarm: alarmName,
  reason: z.string().describe('why it fired, e.g. the member database size against its quota'),
});

export const alarmList = z.object({ alarms: z.array(alarmReport), revision: z.number() });

export const clusterAnswer = z.object({
  clusterId: z.string(),
  leader: z.string().nullable().describe('member ID of the leader, null during an election'),
  revision: z.number(),
  compactRevision: z
    .number()
    .nullable()
    .describe('oldest readable revision (0: full history); null when finding it took too long'),
  alarms: z
    .array(alarmReport)
    .nullable()
    .describe('null when they could not be read in time (alarms go through raft: none during an election)'),
  members: z.array(memberReport),
});

export const disarmBody = z
  .object({
    memberId: memberId.optional().describe('only this member’s alarm; every member’s when omitted'),
    alarm: alarmName.optional().describe('only this alarm; every kind when omitted'),
  })
  .strict();

export const disarmAnswer = z.object({
  disarmed: z.array(alarmReport),
  remaining: z.array(alarmReport),
});

export const compactBody = z
  .object({
    revision: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
    physical: z
      .boolean()
      .default(false)
      .describe('wait until the backend has really dropped the old revisions'),
  })
  .strict();

export const compactAnswer = z.object({
  compactRevision: z.number().describe('history before this revision is gone'),
  physical: z.boolean(),
  revision: z.number(),
});

export const defragStep = z.object({
  memberId: z.string(),
  name: z.string(),
  role: z.enum(['follower', 'learner', 'leader']),
  state: z.enum(['pending', 'running', 'done', 'failed']),
  dbSizeBefore: z.number().nullable(),
  dbSizeAfter: z.number().nullable(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  error: z.string().nullable(),
});

export const defragLogEntry = z.object({
  at: z.string(),
  memberId: z.string().optional(),
  message: z.string(),
});

export const defragJob = z.object({
  id: z.string(),
  state: z.enum(['running', 'done', 'failed']),
  owner: z.string().describe('host:pid of the console process that runs it'),
  startedAt: z.string(),
  updatedAt: z.string(),
  finishedAt: z.string().nullable(),
  steps: z.array(defragStep).describe('in the order they run: followers first, the leader last'),
  log: z.array(defragLogEntry),
});

export const defragAnswer = z.object({
  job: defragJob.nullable().describe('the latest job, null when none ran'),
  source: z
    .enum(['local', 'etcd', 'none'])
    .describe('local: this process runs or ran it; etcd: the record another console replica wrote'),
});

export const spacePrefix = z.object({
  prefix: z.string().describe('first path segment, e.g. /config/; "(other)" folds the smallest ones'),
  encoding: z.enum(['utf8', 'base64']),
  keys: z.number(),
  bytes: z.number().describe('key bytes + value bytes of the current revision'),
});

export const spaceAnswer = z.object({
  revision: z.number().describe('the store revision when the scan began; the scan is not pinned to it'),
  totalKeys: z
    .number()
    .describe(
      'every key in etcd (count_only); for a caller that may not read everything, the keys it may read: its groups, counts and sizes come from those alone',
    ),
  scannedKeys: z.number(),
  scannedBytes: z.number(),
  sampled: z.boolean().describe('true when the scan stopped at its cap: figures cover the first keys only'),
  dbSize: z.number().nullable().describe('largest member backend file'),
  dbSizeInUse: z.number().nullable(),
  quotaBytes: z.number().nullable(),
  prefixes: z.array(spacePrefix).describe('largest first'),
  generatedAt: z.string(),
});

export const snapshotQuery = z
  .object({ memberId: memberId.optional().describe('stream from this member; any member when omitted') })
  .strict();
