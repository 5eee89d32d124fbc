// Who is on the other end of the socket, as the front door (server/gate.mjs) saw it: the only source of a
// client address the console believes. X-Forwarded-For and X-Real-IP are the gate's business, never ours.
import { timingSafeEqual } from 'node:crypto';
import { GATE_HEADER, isLoopbackAddress, PEER_HEADER } from '../../server/gate.mjs';

export type HeaderReader = { get(name: string): string | null };

/** What an API call or page says when the console runs without its front door. */
export const UNGATED_MESSAGE =
  'Login is off, and this request did not come through the console’s front door: start the console with `npm run serve` (node server.mjs), not `next start`.';

/** The secret's bytes, kept while the secret stays the same (tests change it). */
let known: { secret: string; bytes: Buffer } | null = null;

function secretBytes(secret: string): Buffer {
  if (known?.secret !== secret) known = { secret, bytes: Buffer.from(secret) };
  return known.bytes;
}

/** Constant-time for equal lengths; the length of a random per-process secret tells nothing. */
function matches(presented: string, secret: string): boolean {
  const expected = secretBytes(secret);
  const given = Buffer.from(presented);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

const testHolder = globalThis as typeof globalThis & { __consoleTestPeer?: string | null };

/**
 * The client address the gate recorded, when the request carries this process's gate secret; else null (the
 * request reached Next some other way, e.g. `next start`, and nothing in it says who sent it).
 */
export function trustedPeer(headers: HeaderReader): string | null {
  const secret = process.env.CONSOLE_GATE_SECRET;
  const presented = headers.get(GATE_HEADER);
  if (secret && presented !== null) {
    if (!matches(presented, secret)) return null;
    return headers.get(PEER_HEADER) || null;
  }
  // Tests only: under Vitest (process.env.VITEST), route handlers are called in-process with `new Request(…)`,
  // no socket and no gate; test/helpers/gate.ts sets this global so those calls count as coming through the
  // gate from that address (null: as not having passed it). Never consulted outside Vitest.
  if (process.env.VITEST && presented === null && testHolder.__consoleTestPeer) {
    return testHolder.__consoleTestPeer;
  }
  return null;
}

/** A request that passed the gate from this machine: with login off, the only caller there is. */
export function isLocalCaller(headers: HeaderReader): boolean {
  return isLoopbackAddress(trustedPeer(headers));
}
