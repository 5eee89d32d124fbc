// What of the config subscribers a caller may see: a subscriber concerns the keys under its prefix, so the key scope
// decides (lib/auth/access.ts). Subscribers of which nothing is readable are left out; the others are shown with
// whatever names keys outside the scope taken out of their status.

import type { SubscriberError } from '@etcd-console/core/config';
import {
  mayReadKey,
  mayReadPrefix,
  prefixCoverage,
  prefixRange,
  rangeEndOf,
  readableParts,
  readableRanges,
} from '../auth/access';
import { type Actor, currentActor } from '../auth/context';
import type { LiveSubscriber } from './read-statuses';

export type ShownSubscriber = LiveSubscriber & { redacted?: true };

const HIDDEN_HANDLER_ERROR =
  "the application's change handler failed (its message is hidden: the subscriber's prefix reaches keys you may not read)";

export type SubscriberAccess = {
  /** Some key under the subscriber's prefix is readable. */
  sees(s: LiveSubscriber): boolean;
  /** The status without what names keys outside the scope; `query` picks the part of the prefix to show. */
  redact(s: LiveSubscriber, query?: string): ShownSubscriber;
  /** The handler error of a subscriber whose prefix is not wholly readable loses its message. */
  redactError(s: LiveSubscriber, error: SubscriberError): SubscriberError;
};

/** null: the actor sees every subscriber as it is (internal work, unscoped admins). */
export function subscriberAccess(actor: Actor | null = currentActor()): SubscriberAccess | null {
  if (readableRanges(actor) === null) return null;
  const redactError = (s: LiveSubscriber, error: SubscriberError): SubscriberError =>
    error.key === undefined && !mayReadPrefix(s.prefix, actor)
      ? { ...error, message: HIDDEN_HANDLER_ERROR }
      : error;
  return {
    sees: (s) => prefixCoverage(s.prefix, actor) !== 'none',
    redactError,
    redact(s, query) {
      const shown: ShownSubscriber = { ...s };
      let redacted = false;
      if (!mayReadPrefix(s.prefix, actor)) {
        shown.prefix = visiblePart(s.prefix, query);
        redacted = true;
      }
      if (s.failedKeys) {
        const failedKeys = s.failedKeys.filter((key) => mayReadKey(key, actor));
        if (failedKeys.length !== s.failedKeys.length) redacted = true;
        if (failedKeys.length > 0) shown.failedKeys = failedKeys;
        else delete shown.failedKeys;
      }
      if (s.lastError) {
        if (s.lastError.key !== undefined && !mayReadKey(s.lastError.key, actor)) {
          delete shown.lastError;
          redacted = true;
        } else {
          shown.lastError = redactError(s, s.lastError);
        }
      }
      if (s.canary) {
        // A canary acknowledgement names the set's keys: only those inside the scope are shown.
        const canary = s.canary
          .map((a) => ({
            ...a,
            keys: a.keys.filter((key) => mayReadKey(key, actor)),
            ...(a.failedKeys ? { failedKeys: a.failedKeys.filter((key) => mayReadKey(key, actor)) } : {}),
          }))
          .filter((a) => a.keys.length > 0 || (a.failedKeys?.length ?? 0) > 0);
        if (JSON.stringify(canary) !== JSON.stringify(s.canary)) redacted = true;
        if (canary.length > 0) shown.canary = canary;
        else delete shown.canary;
      }
      if (redacted) shown.redacted = true;
      return shown;
    },
  };
}

/**
 * The part of a prefix the actor may read, as a prefix: a readable piece of it that is itself a whole prefix (a
 * scope inside it), the first that overlaps the queried prefix, else the first. When no piece is (an actor without
 * scopes misses only the console's own keys under it) the prefix stays as it is.
 */
function visiblePart(prefix: string, query?: string): string {
  const whole = prefixRange(Buffer.from(prefix));
  const pieces = readableParts(whole.start, whole.end).flatMap((part) => {
    const end = rangeEndOf(part.start);
    return part.end !== null && end !== null && part.end.equals(end) ? [part.start.toString('utf8')] : [];
  });
  const overlapping =
    query === undefined
      ? undefined
      : pieces.find((piece) => piece.startsWith(query) || query.startsWith(piece));
  return overlapping ?? pieces[0] ?? prefix;
}
