// What the etcd3 client throws, classified: etcd unreachable (retry elsewhere, later), history compacted, a revision
// from the future. Shared by the console (which maps them onto HTTP) and the SDKs (which retry or reload).
import { GRPCDeadlineExceededError, GRPCUnavailableError } from 'etcd3';

const unavailablePatterns = [
  /unavailable/i,
  /deadline exceeded/i,
  /ECONNREFUSED/,
  /no connection established/i,
  /broken circuit/i,
  /breaker is open/i,
  /all.*hosts/i,
  /leader changed/i,
  /no leader/i,
  /timed out/i,
];

export function isEtcdUnavailable(error: unknown): boolean {
  if (error instanceof GRPCUnavailableError || error instanceof GRPCDeadlineExceededError) return true;
  const name = (error as { name?: string } | null)?.name ?? '';
  if (name === 'BrokenCircuitError' || name === 'TaskCancelledError') return true;
  const message = error instanceof Error ? error.message : String(error);
  return unavailablePatterns.some((p) => p.test(message));
}

export function isCompactedError(error: unknown): boolean {
  const message = error instanceof Error ? error.message : String(error);
  return /required revision has been compacted/i.test(message);
}

export function isFutureRevisionError(error: unknown): boolean {
  const message = error instanceof Error ? error.message : String(error);
  return /future revision/i.test(message);
}
