// Prefix-scoped roles: an operator of /config/payments/ may write there and nowhere else.
import { ApiError } from '../api/errors';
import { currentActor } from './context';

export function assertMayWriteKey(key: Buffer): void {
  const actor = currentActor();
  if (!actor || actor.prefixes.length === 0) return;
  const allowed = actor.prefixes.some((p) => {
    const prefix = Buffer.from(p);
    return key.subarray(0, prefix.length).equals(prefix);
  });
  if (!allowed) {
    throw new ApiError(
      'forbidden',
      `Your role lets you change keys under ${actor.prefixes.join(', ')} only.`,
    );
  }
}
