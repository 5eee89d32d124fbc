// Delivery signatures: HMAC-SHA256 over "<timestamp>.<raw body>" with the endpoint's secret (docs/security.md).
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'X-Console-Signature';
export const TIMESTAMP_HEADER = 'X-Console-Timestamp';
export const EVENT_HEADER = 'X-Console-Event';
export const DELIVERY_HEADER = 'X-Console-Delivery';

/** How old a timestamp a receiver should accept; older ones are replays. */
export const MAX_SIGNATURE_AGE_SECONDS = 300;

export function signBody(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** What a receiver does: recompute, compare in constant time, refuse stale timestamps. */
export function verifySignature(
  secret: string,
  headers: { signature: string | null; timestamp: string | null },
  body: string,
  now = Date.now(),
): boolean {
  const timestamp = Number(headers.timestamp);
  if (!headers.signature || !Number.isInteger(timestamp)) return false;
  if (Math.abs(now / 1000 - timestamp) > MAX_SIGNATURE_AGE_SECONDS) return false;
  const expected = Buffer.from(signBody(secret, timestamp, body));
  const given = Buffer.from(headers.signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
