// Turns a service's MVCC history into a per-instance health timeline: registrations, drains, removals and flaps.
import type { IEvent, IKeyValue } from 'etcd3';
import { consoleLayout } from '../layouts/builtin/console';
import type { LayoutDescriptor } from '../layouts/types';
import { layoutItem } from './layout-item';
import type { InstanceTimeline, TimelineEvent } from './schemas';

type Status = 'up' | 'draining' | 'invalid';
type Known = { lease: string; status: Status };
type Track = InstanceTimeline & { last?: Known; removedEarlier: boolean };

function summarize(
  layout: LayoutDescriptor,
  kv: IKeyValue,
): Known & Omit<TimelineEvent, 'revision' | 'kind'> {
  const i = layoutItem(layout, kv);
  const lease = kv.lease || '0';
  if (!i || i.status === 'invalid') return { lease, status: 'invalid' };
  return {
    lease,
    status: i.status,
    address: i.address,
    ...(i.port === undefined ? {} : { port: i.port }),
    ...(i.registeredAt === undefined ? {} : { registeredAt: i.registeredAt }),
  };
}

function newTrack(id: string): Track {
  return {
    id,
    present: false,
    registrations: 0,
    removals: 0,
    drains: 0,
    flaps: 0,
    events: [],
    removedEarlier: false,
  };
}

/** What a put did, judged against what the instance was just before (from this history, else from prev_kv). */
function classifyPut(
  layout: LayoutDescriptor,
  event: IEvent,
  before: Known | undefined,
): TimelineEvent['kind'] {
  if (event.kv.version === '1') return 'registered';
  if (!before) return 'updated';
  const now = summarize(layout, event.kv);
  if (now.lease !== before.lease) return 'reregistered';
  if (before.status !== 'draining' && now.status === 'draining') return 'drained';
  if (before.status === 'draining' && now.status === 'up') return 'undrained';
  return 'updated';
}

function applyEvent(layout: LayoutDescriptor, track: Track, event: IEvent): void {
  const revision = Number(event.kv.mod_revision);
  if (event.type === 'Delete') {
    const lease = event.prev_kv?.lease ?? track.last?.lease;
    track.events.push({
      revision,
      kind: 'removed',
      ...(lease ? { lease: lease === '0' ? null : lease } : {}),
    });
    track.removals += 1;
    track.present = false;
    track.removedEarlier = true;
    track.last = undefined;
    return;
  }
  const before = track.last ?? (event.prev_kv ? summarize(layout, event.prev_kv) : undefined);
  const kind = classifyPut(layout, event, before);
  const { lease, ...details } = summarize(layout, event.kv);
  track.events.push({ revision, kind, ...details, lease: lease === '0' ? null : lease });
  if (kind === 'registered' || kind === 'reregistered') {
    track.registrations += 1;
    // A registration after a removal, or on a new lease, means the instance had dropped out.
    if (kind === 'reregistered' || track.removedEarlier) track.flaps += 1;
    track.removedEarlier = false;
  }
  if (kind === 'drained') track.drains += 1;
  track.present = true;
  track.last = { lease, status: details.status };
}

/**
 * Per-instance timelines, by id. `presentIds` are the instances registered at the end of the history, so one
 * that has not changed since the oldest retained revision still shows up (with no events).
 */
export function buildTimeline(
  service: string,
  events: IEvent[],
  presentIds: Iterable<string>,
  layout: LayoutDescriptor = consoleLayout,
): InstanceTimeline[] {
  const tracks = new Map<string, Track>();
  for (const event of events) {
    const names = layout.match(event.kv.key.toString('utf8'));
    if (!names || names.service !== service) continue;
    const track = tracks.get(names.id) ?? newTrack(names.id);
    tracks.set(names.id, track);
    applyEvent(layout, track, event);
  }
  for (const id of presentIds) {
    const track = tracks.get(id);
    if (track) track.present = true;
    else tracks.set(id, { ...newTrack(id), present: true });
  }
  return [...tracks.values()]
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map(({ last: _last, removedEarlier: _removed, ...timeline }) => timeline);
}
