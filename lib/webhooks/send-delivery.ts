import 'server-only';
import type { Attempt, DeliveryRecord } from './schemas';
// One attempt: POST the record's body, signed afresh, within SEND_TIMEOUT_MS; any 2xx is success.
import { DELIVERY_HEADER, EVENT_HEADER, SIGNATURE_HEADER, signBody, TIMESTAMP_HEADER } from './signature';

export const SEND_TIMEOUT_MS = 5000;
const MAX_ERROR_CHARS = 300;

export type SendOutcome = { attempt: Attempt; ok: boolean };

export async function sendDelivery(
  url: string,
  secret: string,
  record: DeliveryRecord,
): Promise<SendOutcome> {
  const started = Date.now();
  const timestamp = Math.floor(started / 1000);
  const at = new Date(started).toISOString();
  try {
    const response = await fetch(url, {
      method: 'POST',
      redirect: 'manual',
      signal: AbortSignal.timeout(SEND_TIMEOUT_MS),
      headers: {
        'Content-Type': 'application/json',
        'User-Agent': 'etcd-console-webhooks/1',
        [EVENT_HEADER]: record.event,
        [DELIVERY_HEADER]: record.id,
        [TIMESTAMP_HEADER]: String(timestamp),
        [SIGNATURE_HEADER]: signBody(secret, timestamp, record.body),
      },
      body: record.body,
    });
    // The answer's body is not kept; reading it only frees the connection.
    await response.body?.cancel().catch(() => {});
    const ok = response.status >= 200 && response.status < 300;
    const attempt: Attempt = { at, code: response.status, ms: Date.now() - started };
    if (!ok) attempt.error = `HTTP ${response.status}`;
    return { attempt, ok };
  } catch (error) {
    return { attempt: { at, error: describe(error), ms: Date.now() - started }, ok: false };
  }
}

function describe(error: unknown): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return `no answer within ${SEND_TIMEOUT_MS / 1000} s`;
  }
  const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return `${error instanceof Error ? error.message : String(error)}${cause}`.slice(0, MAX_ERROR_CHARS);
}
