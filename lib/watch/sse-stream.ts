import 'server-only';
// Turns a watch subscription into a Server-Sent Events response that cleans up once, on every path.
import { z } from 'zod';
import { ApiError } from '../api/errors';
import { type Actor, currentActor, requestContext, runWithContext } from '../auth/context';
import { readEnv } from '../etcd/env';
import { metrics } from '../metrics/registry';
import { compactRevisionNow, type Subscription, watchHub } from './hub';
import type { ChangeMessage } from './messages';
import type { MessageFilter } from './scope-filter';
import type { WatchSink, WatchTarget } from './shared-watch';

const env = readEnv(
  z.object({
    SSE_HEARTBEAT_MS: z.coerce.number().int().min(100).max(600_000).default(15_000),
    SSE_MAX_LIFETIME_MS: z.coerce
      .number()
      .int()
      .min(1000)
      .max(86_400_000)
      .default(5 * 60_000),
    SSE_MAX_BUFFER_BYTES: z.coerce
      .number()
      .int()
      .min(1024)
      .max(1024 ** 3)
      .default(4 * 1024 * 1024),
    SSE_MAX_STREAMS_PER_ACTOR: z.coerce.number().int().min(1).max(100_000).default(32),
  }),
);
const HEARTBEAT_MS = env.SSE_HEARTBEAT_MS;
const MAX_LIFETIME_MS = env.SSE_MAX_LIFETIME_MS;
const MAX_BUFFERED_BYTES = env.SSE_MAX_BUFFER_BYTES;
const RETRY_MS = 1000;

/** Open streams per signed-in user or token: one browser tab holds one, a script may not hold thousands. */
const openStreams = new Map<string, number>();

function streamOwner(actor: Actor | null): string | null {
  // Login off: the machine's own user on loopback, bounded by the machine itself.
  if (!actor || actor.via === 'local') return null;
  return `${actor.via}:${actor.name}`;
}

/** Counts a stream against its owner; 429 past SSE_MAX_STREAMS_PER_ACTOR. Returns the release. */
function claimStream(actor: Actor | null): () => void {
  const owner = streamOwner(actor);
  if (owner === null) return () => {};
  const open = openStreams.get(owner) ?? 0;
  if (open >= env.SSE_MAX_STREAMS_PER_ACTOR) {
    throw new ApiError(
      'rate_limited',
      `You already hold ${open} live streams (SSE_MAX_STREAMS_PER_ACTOR): close some first.`,
    );
  }
  openStreams.set(owner, open + 1);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    const left = (openStreams.get(owner) ?? 1) - 1;
    if (left <= 0) openStreams.delete(owner);
    else openStreams.set(owner, left);
  };
}

const encoder = new TextEncoder();

function frame(event: string, data: unknown, id?: number): Uint8Array {
  const idLine = id === undefined ? '' : `id: ${id}\n`;
  return encoder.encode(`${idLine}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
}

// Every subscriber of a shared watch gets the same message object: serialise it once, not once per client.
const encodedChanges = new WeakMap<ChangeMessage, Uint8Array>();

function changeFrame(message: ChangeMessage): Uint8Array {
  let bytes = encodedChanges.get(message);
  if (!bytes) {
    bytes = frame('change', message, message.revision);
    encodedChanges.set(message, bytes);
  }
  return bytes;
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

/** Where a stream's bytes go: a web ReadableStream (Next.js) or the node socket itself (server.mjs's fast path). */
type SseSink = {
  write(bytes: Uint8Array): void;
  /** Bytes written but not yet taken by the client. */
  backlog(): number;
  /** Flush what is queued, then close. */
  end(): void;
  /** Drop what is queued and close the connection now (a client that stopped reading). */
  destroy(): void;
};

/** Runs one SSE stream into a sink until the client leaves, the lifetime ends or the client falls behind. */
function runSession(
  signal: AbortSignal,
  start: (sink: WatchSink) => Subscription,
  compactRevision: (revision: number) => Promise<number>,
  filter: MessageFilter | null,
  sink: SseSink,
  release: () => void,
): () => void {
  let closed = false;
  let cleanup = (_how: 'done' | 'slow' = 'done') => {};
  const send = (bytes: Uint8Array) => {
    if (closed) return;
    sink.write(bytes);
    // A client that stopped reading is cut off; it reconnects and resumes from Last-Event-ID.
    if (sink.backlog() > MAX_BUFFERED_BYTES) cleanup('slow');
  };
  // Frames go out synchronously; only a resync waits for an async lookup, and while it does, later frames
  // wait behind it on a promise chain so every frame stays in revision order.
  let chain: Promise<void> | null = null;
  const enqueue = (make: () => Uint8Array | Promise<Uint8Array>) => {
    if (chain === null) {
      const made = make();
      if (!(made instanceof Promise)) return send(made);
      chain = made.then(send);
    } else {
      const previous = chain;
      chain = previous.then(async () => send(await make()));
    }
    const mine = chain.catch(() => cleanup());
    chain = mine;
    void mine.then(() => {
      if (chain === mine) chain = null;
    });
  };
  // The hot path (one change to thousands of streams): bytes already made, sent at once unless a resync waits.
  const enqueueBytes = (bytes: Uint8Array) => {
    if (chain === null) send(bytes);
    else enqueue(() => bytes);
  };
  send(encoder.encode(`retry: ${RETRY_MS}\n\n`));
  const subscription = start({
    ready: (revision) => enqueue(() => frame('ready', { revision }, revision)),
    change: filter
      ? (message: ChangeMessage) => {
          const visible = filter(message);
          if (visible) enqueueBytes(changeFrame(visible));
        }
      : (message: ChangeMessage) => enqueueBytes(changeFrame(message)),
    resync: (revision) =>
      enqueue(async () =>
        frame('resync', { revision, compactRevision: await compactRevision(revision) }, revision),
      ),
  });
  metrics().sseStreams.inc();
  const heartbeat = setInterval(() => enqueue(() => encoder.encode(': heartbeat\n\n')), HEARTBEAT_MS);
  const lifetime = setTimeout(() => cleanup(), MAX_LIFETIME_MS);
  const onAbort = () => cleanup();
  signal.addEventListener('abort', onAbort);
  cleanup = (how = 'done') => {
    if (closed) return;
    closed = true;
    clearInterval(heartbeat);
    clearTimeout(lifetime);
    signal.removeEventListener('abort', onAbort);
    subscription.close();
    release();
    metrics().sseStreams.dec();
    try {
      if (how === 'slow') sink.destroy();
      else sink.end();
    } catch {
      // already closed by the client
    }
  };
  if (signal.aborted) cleanup();
  return () => cleanup();
}

/** server.mjs's fast path writes the stream to the node response itself (lib/api/node-response.ts). */
export const NODE_STREAM = Symbol.for('etcd-console.node-stream');

export type NodeStreamWriter = (res: import('node:http').ServerResponse) => void;

export function watchResponse(
  request: Request,
  target: WatchTarget,
  fromRevision: number | undefined,
  filter: MessageFilter | null = null,
): Response {
  const release = claimStream(currentActor());
  // The hub and the cluster are decided now, in the request's context; the stream may start after it.
  const hub = watchHub();
  const context = requestContext();
  const start = (sink: WatchSink) => hub.subscribe(target, fromRevision, sink);
  const compactRevision = (revision: number) =>
    context ? runWithContext(context, () => compactRevisionNow(revision)) : compactRevisionNow(revision);
  let started = false;
  let stop = () => {};

  // Next.js: a web stream, started on the first read (highWaterMark 0: nothing runs until someone reads).
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (started) return;
        started = true;
        stop = runSession(request.signal, start, compactRevision, filter, webSink(controller), release);
      },
      cancel() {
        if (started) stop();
        else {
          started = true;
          release();
        }
      },
    },
    new ByteLengthQueuingStrategy({ highWaterMark: 0 }),
  );
  const response = new Response(stream, { headers: sseHeaders() });
  // server.mjs: frames go straight to the socket; a client that stops reading has its socket destroyed.
  const writeToNode: NodeStreamWriter = (res) => {
    if (started) return;
    started = true;
    const closed = new AbortController();
    res.once('close', () => closed.abort());
    res.writeHead(200, sseHeaders() as Record<string, string>);
    res.flushHeaders();
    stop = runSession(closed.signal, start, compactRevision, filter, nodeSink(res), release);
  };
  Object.defineProperty(response, NODE_STREAM, { value: writeToNode });
  return response;
}

function webSink(controller: ReadableStreamDefaultController<Uint8Array>): SseSink {
  return {
    write: (bytes) => controller.enqueue(bytes),
    backlog: () => -(controller.desiredSize ?? 0),
    end: () => controller.close(),
    // close() would wait for a stalled reader to take the queue; error() frees it (Next keeps the socket).
    destroy: () => controller.error(new Error('SSE client too slow: disconnected')),
  };
}

// A frame as one HTTP/1.1 chunk (size line, bytes, CRLF) in one buffer, made once per change for every stream.
const chunkedFrames = new WeakMap<Uint8Array, Buffer>();

function asChunk(bytes: Uint8Array): Buffer {
  let chunk = chunkedFrames.get(bytes);
  if (!chunk) {
    chunk = Buffer.concat([Buffer.from(`${bytes.length.toString(16)}\r\n`), bytes, Buffer.from('\r\n')]);
    chunkedFrames.set(bytes, chunk);
  }
  return chunk;
}

/**
 * The node response's socket, when frames may be written to it directly as chunks: the headers have gone out, the
 * body is chunked and nothing of the response waits in node's own queue. Measured (bench/README.md, "SSE"): per
 * delivered frame, `res.write` costs a chunk header made per stream and a three-buffer `writev` through the http
 * layer; a prepared chunk written to the socket costs one `write` of a buffer shared by every stream.
 */
function rawSocket(res: import('node:http').ServerResponse): import('node:net').Socket | null {
  const queued = (res as unknown as { outputData?: unknown[] }).outputData;
  const { socket } = res;
  if (!res.headersSent || !res.chunkedEncoding || !socket || socket.destroyed) return null;
  if (queued && queued.length > 0) return null;
  return socket;
}

function nodeSink(res: import('node:http').ServerResponse): SseSink {
  const socket = rawSocket(res);
  return {
    write: socket
      ? (bytes) => {
          socket.write(asChunk(bytes));
        }
      : (bytes) => {
          res.write(bytes);
        },
    backlog: () => (socket ?? res).writableLength,
    // res.end() writes the last chunk (0 CRLF CRLF) after everything written above.
    end: () => res.end(),
    destroy: () => res.destroy(),
  };
}
