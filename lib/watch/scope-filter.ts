// What one watch subscriber may see: the prefixes a stream may open, and every event it is sent.
import { ApiError } from '../api/errors';
import { assertMayReadKey, mayReadKey, prefixCoverage } from '../auth/access';
import { currentActor } from '../auth/context';
import { decodeBytes } from '../etcd/encoding';
import type { ChangeEvent, ChangeMessage } from './messages';
import type { WatchTarget } from './shared-watch';

/** Returns the message as the subscriber may see it, or null when none of its events is theirs. */
export type MessageFilter = (message: ChangeMessage) => ChangeMessage | null;

function eventKey(event: ChangeEvent): Buffer {
  return decodeBytes(event.key, event.keyEncoding ?? 'utf8');
}

/**
 * Decides a watch request once: 403 when nothing of the target is readable, no filter when all of it is (the
 * common case costs nothing), else a filter that drops the events outside the caller's readable ranges.
 */
export function scopeFilterFor(target: WatchTarget): MessageFilter | null {
  if (target.kind === 'key') {
    assertMayReadKey(target.bytes);
    return null;
  }
  const coverage = prefixCoverage(target.bytes);
  if (coverage === 'all') return null;
  if (coverage === 'none') {
    throw new ApiError('forbidden', 'That prefix is outside what your role may read.');
  }
  const actor = currentActor();
  return (message) => {
    const events = message.events.filter((e) => mayReadKey(eventKey(e), actor));
    if (events.length === message.events.length) return message;
    return events.length === 0 ? null : { revision: message.revision, events };
  };
}
