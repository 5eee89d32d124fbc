import 'server-only';
// Writes a snapshot as Prometheus series into a fresh registry (one per scrape: the cached snapshot is shared).
import { Counter, Gauge, Registry } from 'prom-client';
import type { ClusterPart, DomainSnapshot, KeyspacePart } from './types';

type Labels = Record<string, string>;

type Rows = Array<[Labels, number]>;

// Label names are given, not taken from the rows: a labelled series with no rows must print no sample (an unlabelled
// prom-client metric prints 0, which a rule would read as a service with no instance).
function gauge(registry: Registry, name: string, help: string, labelNames: string[], rows: Rows): void {
  const g = new Gauge({ name, help, labelNames, registers: [registry] });
  for (const [labels, value] of rows) g.set(labels, value);
}

function counter(registry: Registry, name: string, help: string, labelNames: string[], rows: Rows): void {
  const c = new Counter({ name, help, labelNames, registers: [registry] });
  for (const [labels, value] of rows) c.inc(labels, value);
}

const MEMBER = ['member', 'member_id'];
const SERVICE = ['service', 'layout'];
const SUBSCRIBER = ['app', 'prefix'];

function renderCluster(r: Registry, s: DomainSnapshot, cluster: ClusterPart | null): void {
  gauge(
    r,
    'etcd_console_etcd_up',
    'The console reaches etcd (a status call answered within 1.5 s)',
    [],
    [[{}, s.etcdUp ? 1 : 0]],
  );
  gauge(
    r,
    'etcd_console_collect_success',
    'Whether the last collection of each area of domain figures succeeded',
    ['area'],
    s.areas.map((a) => [{ area: a.area }, a.ok ? 1 : 0]),
  );
  if (!cluster) return;
  const member = (m: ClusterPart['members'][number]) => ({ member: m.name, member_id: m.id });
  const answering = cluster.members.filter((m) => m.dbSize !== null);
  gauge(
    r,
    'etcd_console_member_up',
    'The member answered a status call at its own client URL',
    MEMBER,
    cluster.members.map((m) => [member(m), m.up ? 1 : 0]),
  );
  gauge(
    r,
    'etcd_console_member_db_size_bytes',
    'Backend database size of the member, as allocated',
    MEMBER,
    answering.map((m) => [member(m), m.dbSize ?? 0]),
  );
  gauge(
    r,
    'etcd_console_member_db_size_in_use_bytes',
    'Backend database bytes logically in use',
    MEMBER,
    answering.map((m) => [member(m), m.dbSizeInUse ?? 0]),
  );
  gauge(
    r,
    'etcd_console_member_db_quota_bytes',
    "The member's --quota-backend-bytes from its /metrics; etcd's default 2 GiB when that cannot be read",
    MEMBER,
    cluster.members.map((m) => [member(m), m.quotaBytes]),
  );
  gauge(
    r,
    'etcd_console_member_quota_reported',
    "1 when the quota was read from the member's /metrics, 0 when the 2 GiB default is assumed",
    MEMBER,
    cluster.members.map((m) => [member(m), m.quotaReported ? 1 : 0]),
  );
  gauge(
    r,
    'etcd_console_has_leader',
    'The answering members agree on a leader',
    [],
    [[{}, cluster.leader ? 1 : 0]],
  );
  counter(
    r,
    'etcd_console_leader_changes_total',
    'Leader changes this console process observed between collections',
    [],
    [[{}, cluster.leaderChanges]],
  );
  if (cluster.alarms) {
    gauge(
      r,
      'etcd_console_etcd_alarm',
      'An active etcd alarm (NOSPACE, CORRUPT) on a member',
      [...MEMBER, 'alarm'],
      cluster.alarms.map((a) => [{ member: a.member, member_id: a.memberId, alarm: a.alarm }, 1]),
    );
  }
}

function renderServices(r: Registry, services: KeyspacePart['services']): void {
  const key = (s: KeyspacePart['services'][number]) => ({ service: s.service, layout: s.layout });
  gauge(
    r,
    'etcd_console_service_instances',
    'Registered instances per service and status (0 for a service that had instances within the last 24 h)',
    [...SERVICE, 'status'],
    services.flatMap(
      (s): Rows => [
        [{ ...key(s), status: 'up' }, s.up],
        [{ ...key(s), status: 'draining' }, s.draining],
        [{ ...key(s), status: 'invalid' }, s.invalid],
      ],
    ),
  );
  gauge(
    r,
    'etcd_console_service_instances_expiring',
    'Instances whose lease has less than half its TTL left (not kept alive)',
    SERVICE,
    services.flatMap((s): Rows => (s.expiring === null ? [] : [[key(s), s.expiring]])),
  );
  counter(
    r,
    'etcd_console_service_instance_flaps_total',
    'Instances that came back on a new lease or after being absent, seen by comparing collections',
    SERVICE,
    services.map((s) => [key(s), s.flaps]),
  );
}

function renderCommands(r: Registry, commands: KeyspacePart['commands']): void {
  gauge(
    r,
    'etcd_console_commands',
    'Retained commands per group and state',
    ['group', 'state'],
    commands.flatMap((c) =>
      Object.entries(c.states).map(([state, n]): [Labels, number] => [{ group: c.group, state }, n]),
    ),
  );
  gauge(
    r,
    'etcd_console_command_oldest_queued_seconds',
    'Age of the oldest queued command per group (0 when none is queued)',
    ['group'],
    commands.map((c) => [{ group: c.group }, c.oldestQueuedSeconds]),
  );
  gauge(
    r,
    'etcd_console_command_group_live_workers',
    'Registered (live) workers per command group',
    ['group'],
    commands.map((c) => [{ group: c.group }, c.liveWorkers]),
  );
}

function renderTasks(r: Registry, tasks: KeyspacePart['tasks'], byState: Record<string, number>): void {
  gauge(
    r,
    'etcd_console_tasks',
    'Work reports per state',
    ['state'],
    Object.entries(byState).map(([state, n]) => [{ state }, n]),
  );
  gauge(
    r,
    'etcd_console_task_progress_age_seconds',
    'Per task name, seconds since the stalest running report last updated',
    ['name'],
    tasks.filter((t) => t.running > 0).map((t) => [{ name: t.name }, t.oldestProgressSeconds]),
  );
}

function renderSubscribers(r: Registry, rows: KeyspacePart['subscribers']): void {
  const key = (s: (typeof rows)[number]) => ({ app: s.app, prefix: s.prefix });
  gauge(
    r,
    'etcd_console_config_subscribers',
    'Live config subscriber instances per app and prefix',
    SUBSCRIBER,
    rows.map((s) => [key(s), s.instances]),
  );
  gauge(
    r,
    'etcd_console_config_subscriber_errors',
    'Subscriber instances reporting an apply error',
    SUBSCRIBER,
    rows.map((s) => [key(s), s.errors]),
  );
  gauge(
    r,
    'etcd_console_config_subscriber_lag_revisions',
    'Revisions the slowest instance is behind the newest change under its prefix',
    SUBSCRIBER,
    rows.map((s) => [key(s), s.revisionsBehind]),
  );
  gauge(
    r,
    'etcd_console_config_subscriber_lag_seconds',
    'Seconds since the first change the slowest instance has not applied (absent when behind but not estimable)',
    SUBSCRIBER,
    rows.flatMap((s): Rows => (s.secondsBehind === null ? [] : [[key(s), s.secondsBehind]])),
  );
}

/** The exposition text of a snapshot. */
export async function renderSnapshot(snapshot: DomainSnapshot): Promise<string> {
  const registry = new Registry();
  renderCluster(registry, snapshot, snapshot.cluster);
  const k = snapshot.keyspace;
  if (k.services) renderServices(registry, k.services);
  if (k.commands) renderCommands(registry, k.commands);
  if (k.tasks && k.tasksByState) renderTasks(registry, k.tasks, k.tasksByState);
  if (k.subscribers) renderSubscribers(registry, k.subscribers);
  return registry.metrics();
}
