// What one collection of the domain figures holds: plain data, rendered as Prometheus series and Overview warnings.

export type ServiceRow = {
  service: string;
  layout: string;
  up: number;
  draining: number;
  invalid: number;
  /** Instances whose lease has less than half its TTL left (null: not checked, too many leases). */
  expiring: number | null;
  /** Re-registrations seen by this process since it started (lib/metrics/domain/service-memory.ts). */
  flaps: number;
  /** Of them, those within the last 15 minutes (the Overview's flapping window). */
  recentFlaps: number;
};

export type CommandGroupRow = {
  group: string;
  /** Commands retained per state (finished ones until retention prunes them). */
  states: Record<string, number>;
  /** Age of the oldest queued command in seconds; 0 when none is queued. */
  oldestQueuedSeconds: number;
  /** Its id, for the warning's link. */
  oldestQueuedId: string | null;
  liveWorkers: number;
};

export type TaskRow = {
  name: string;
  running: number;
  lost: number;
  oldestProgressSeconds: number;
  taskId: string;
};

export type SubscriberRow = {
  app: string;
  prefix: string;
  instances: number;
  errors: number;
  revisionsBehind: number;
  /** Seconds since the first change the slowest instance has not applied; null when unknown. */
  secondsBehind: number | null;
};

export type MemberRow = {
  id: string;
  name: string;
  up: boolean;
  dbSize: number | null;
  dbSizeInUse: number | null;
  quotaBytes: number;
  quotaReported: boolean;
  isLeader: boolean;
};

export type AlarmRow = { memberId: string; member: string; alarm: string };

export type ClusterPart = {
  members: MemberRow[];
  /** null when the alarm call failed. */
  alarms: AlarmRow[] | null;
  leader: string | null;
  /** Leader id changes this process has observed between collections. */
  leaderChanges: number;
  /** Of them, those within the last hour. */
  recentLeaderChanges: number;
};

export type KeyspacePart = {
  services: ServiceRow[];
  commands: CommandGroupRow[];
  tasks: TaskRow[];
  tasksByState: Record<string, number>;
  subscribers: SubscriberRow[];
};

export type Area = 'etcd' | 'cluster' | 'services' | 'dispatch' | 'tasks' | 'subscribers';

export type DomainSnapshot = {
  collectedAt: number;
  /** The console's main client answered a status call. */
  etcdUp: boolean;
  cluster: ClusterPart | null;
  keyspace: Partial<KeyspacePart>;
  /** Per area: did its read succeed, and how long it took. */
  areas: Array<{ area: Area; ok: boolean; seconds: number }>;
};
