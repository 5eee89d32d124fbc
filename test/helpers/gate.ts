// The front door (server/gate.mjs) for tests that call route handlers in-process, with no socket and no gate.
import { randomBytes } from 'node:crypto';
import { GATE_HEADER, PEER_HEADER } from '@/server/gate.mjs';

const holder = globalThis as typeof globalThis & { __consoleTestPeer?: string | null };

/**
 * The two headers the gate sets, as if the request came through it from `peer`. Sets this process's
 * CONSOLE_GATE_SECRET the first time.
 */
export function gateHeaders(peer = '127.0.0.1'): Record<string, string> {
  process.env.CONSOLE_GATE_SECRET ??= randomBytes(32).toString('base64url');
  return { [PEER_HEADER]: peer, [GATE_HEADER]: process.env.CONSOLE_GATE_SECRET };
}

/**
 * What an in-process request without gate headers counts as: coming through the gate from `peer` (the
 * default, '127.0.0.1', so tests that call handlers with `new Request(…)` in login-off mode act as the local
 * user), or, with null, as having skipped the gate. lib/auth/peer.ts honours this under Vitest only.
 */
export function setUngatedTestPeer(peer: string | null): void {
  holder.__consoleTestPeer = peer;
}
