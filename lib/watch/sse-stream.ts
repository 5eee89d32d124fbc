import 'server-only';
// Turns a watch subscription into a Server-Sent Events response that cleans up once, on every path.
import { metrics } from '../metrics/registry';
import { compactRevisionNow, watchHub } from './hub';
import type { ChangeMessage } from './messages';
import type { WatchTarget } from './shared-watch';

const HEARTBEAT_MS = Number(process.env.SSE_HEARTBEAT_MS ?? 15_000);
const MAX_LIFETIME_MS = Number(process.env.SSE_MAX_LIFETIME_MS ?? 5 * 60_000);
const MAX_BUFFERED_BYTES = Number(process.env.SSE_MAX_BUFFER_BYTES ?? 4 * 1024 * 1024);
const RETRY_MS = 1000;

const encoder = new TextEncoder();

function frame(event: string, data: unknown, id?: number): Uint8Array {
  const idLine = id === undefined ? '' : `id: ${id}\n`;
  return encoder.encode(`${idLine}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
}

export function sseHeaders(): HeadersInit {
  return {
    'Content-Type': 'text/event-stream; charset=utf-8',
    // no-transform: otherwise Next.js compresses and buffers the stream.
    'Cache-Control': 'no-cache, no-transform',
    Connection: 'keep-alive',
    'X-Accel-Buffering': 'no',
  };
}

export function watchResponse(
  request: Request,
  target: WatchTarget,
  fromRevision: number | undefined,
): Response {
  /** 'slow' drops what is queued and ends the connection at once; 'done' lets the queue flush first. */
  let cleanup = (_how: 'done' | 'slow' = 'done') => {};
  const stream = new ReadableStream<Uint8Array>(
    {
      start(controller) {
        let closed = false;
        // Resync needs an async lookup; a promise chain keeps every frame in revision order.
        let chain: Promise<void> = Promise.resolve();
        const send = (bytes: Uint8Array) => {
          if (closed) return;
          controller.enqueue(bytes);
          // A client that stopped reading is cut off; it reconnects and resumes from Last-Event-ID.
          if ((controller.desiredSize ?? 0) < -MAX_BUFFERED_BYTES) cleanup('slow');
        };
        const enqueue = (make: () => Uint8Array | Promise<Uint8Array>) => {
          chain = chain.then(async () => send(await make())).catch(() => cleanup());
        };

        const subscription = watchHub().subscribe(target, fromRevision, {
          ready: (revision) => enqueue(() => frame('ready', { revision }, revision)),
          change: (message: ChangeMessage) => enqueue(() => frame('change', message, message.revision)),
          resync: (revision) =>
            enqueue(async () =>
              frame('resync', { revision, compactRevision: await compactRevisionNow(revision) }, revision),
            ),
        });
        metrics().sseStreams.inc();
        const heartbeat = setInterval(() => enqueue(() => encoder.encode(': heartbeat\n\n')), HEARTBEAT_MS);
        const lifetime = setTimeout(() => cleanup(), MAX_LIFETIME_MS);
        const onAbort = () => cleanup();
        request.signal.addEventListener('abort', onAbort);

        cleanup = (how = 'done') => {
          if (closed) return;
          closed = true;
          clearInterval(heartbeat);
          clearTimeout(lifetime);
          request.signal.removeEventListener('abort', onAbort);
          subscription.close();
          metrics().sseStreams.dec();
          try {
            // close() would wait for a stalled reader to take the queue; error() frees it and the socket now.
            if (how === 'slow') controller.error(new Error('SSE client too slow: disconnected'));
            else controller.close();
          } catch {
            // already closed or errored by the consumer
          }
        };
        send(encoder.encode(`retry: ${RETRY_MS}\n\n`));
      },
      cancel() {
        cleanup();
      },
    },
    new ByteLengthQueuingStrategy({ highWaterMark: 64 * 1024 }),
  );
  return new Response(stream, { headers: sseHeaders() });
}
