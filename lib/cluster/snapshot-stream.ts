import 'server-only';
// Streams a member's snapshot (the whole backend, chunk by chunk) to an HTTP response without buffering it.
import type { Etcd3, ISnapshotResponse } from 'etcd3';
import { ApiError } from '../api/errors';
import { etcdClient } from '../etcd/client';
import { memberClient } from './member-clients';

/** The gRPC stream etcd3 hands back, with the flow control we need from it. */
type SnapshotSource = {
  on(event: 'data', fn: (msg: ISnapshotResponse) => void): unknown;
  on(event: 'end', fn: () => void): unknown;
  on(event: 'error', fn: (error: Error) => void): unknown;
  pause(): void;
  resume(): void;
  cancel(): void;
};

const FIRST_CHUNK_WITHIN_MS = 15_000;
/** About half a megabyte of 32 KiB chunks held before etcd is paused. */
const QUEUED_CHUNKS = 16;

async function clientFor(memberId: string | undefined): Promise<Etcd3> {
  if (!memberId) return etcdClient();
  const list = await etcdClient().cluster.memberList({});
  const url = list.members.find((m) => m.ID === memberId)?.clientURLs[0];
  if (!url) throw new ApiError('not_found', `No started member with ID ${memberId}.`);
  return memberClient(url);
}

/** Resolves once etcd sent the first chunk (so errors still become JSON answers), then streams the rest. */
export async function openSnapshot(
  memberId: string | undefined,
  signal: AbortSignal,
): Promise<ReadableStream<Uint8Array>> {
  if (signal.aborted) throw new ApiError('unavailable', 'The request was cancelled.');
  const source = (await (await clientFor(memberId)).maintenance.snapshot()) as unknown as SnapshotSource;
  let controller: ReadableStreamDefaultController<Uint8Array> | undefined;
  let started = () => {};
  let failed = (_error: Error) => {};
  const firstChunk = new Promise<void>((resolve, reject) => {
    started = resolve;
    failed = reject;
  });

  // One owner of the end: whichever of end, error, abort, cancel or the first-chunk timeout comes first.
  let done = false;
  const settle = (): boolean => {
    if (done) return false;
    done = true;
    clearTimeout(timer);
    signal.removeEventListener('abort', abort);
    return true;
  };
  const abort = () => {
    if (!settle()) return;
    source.cancel();
    failed(new ApiError('etcd_unavailable', 'The snapshot stopped before etcd sent any data.'));
  };
  const timer = setTimeout(abort, FIRST_CHUNK_WITHIN_MS);
  signal.addEventListener('abort', abort, { once: true });

  const stream = new ReadableStream<Uint8Array>(
    {
      start: (c) => {
        controller = c;
      },
      pull: () => source.resume(),
      cancel: abort,
    },
    { highWaterMark: QUEUED_CHUNKS },
  );
  source.on('data', (msg) => {
    if (done || !controller) return;
    started();
    controller.enqueue(new Uint8Array(msg.blob));
    if ((controller.desiredSize ?? 0) <= 0) source.pause();
  });
  source.on('end', () => {
    started();
    if (settle()) controller?.close();
  });
  source.on('error', (error) => {
    failed(error);
    if (settle()) controller?.error(error);
  });
  await firstChunk;
  clearTimeout(timer);
  return stream;
}
