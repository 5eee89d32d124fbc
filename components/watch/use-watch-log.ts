'use client';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ChangeEvent, ChangeMessage } from '@/lib/watch/messages';

export type LogEntry = ChangeEvent & { revision: number; seq: number };
export type WatchState = 'idle' | 'connecting' | 'live' | 'reconnecting' | 'resynced';
export type WatchSpec = { kind: 'prefix' | 'key'; target: string; fromRevision?: number };

/** Newest entries kept; the page stays responsive however long it runs. */
export const MAX_LOG = 5000;

/** A dedicated EventSource for the Watch page, with pause (buffering) and a bounded log. */
export function useWatchLog(spec: WatchSpec | null) {
  const [entries, setEntries] = useState<LogEntry[]>([]);
  const [state, setState] = useState<WatchState>('idle');
  const [readyRevision, setReadyRevision] = useState<number | null>(null);
  const [paused, setPausedState] = useState(false);
  const [buffered, setBuffered] = useState(0);
  const pausedRef = useRef(false);
  const buffer = useRef<LogEntry[]>([]);
  const seq = useRef(0);
  const pending = useRef<LogEntry[]>([]);
  const frame = useRef<number | null>(null);
  const lastRevision = useRef<number | null>(null);
  const [attempt, setAttempt] = useState(0);

  // Events (and, while paused, the waiting count) are applied once per animation frame: one state update per
  // frame, however many events arrived in it.
  const flush = useCallback(() => {
    frame.current = null;
    setBuffered(buffer.current.length);
    const batch = pending.current;
    if (batch.length === 0) return;
    pending.current = [];
    batch.reverse();
    setEntries((prev) =>
      batch.length >= MAX_LOG ? batch.slice(0, MAX_LOG) : batch.concat(prev.slice(0, MAX_LOG - batch.length)),
    );
  }, []);

  const push = useCallback(
    (items: LogEntry[]) => {
      if (pausedRef.current) {
        buffer.current.push(...items);
        if (buffer.current.length > MAX_LOG) buffer.current.splice(0, buffer.current.length - MAX_LOG);
      } else {
        pending.current.push(...items);
      }
      frame.current ??= requestAnimationFrame(flush);
    },
    [flush],
  );

  // A new target starts a new log.
  useEffect(() => {
    setEntries([]);
    setReadyRevision(null);
    lastRevision.current = null;
    if (!spec) setState('idle');
  }, [spec]);

  useEffect(() => {
    if (!spec) return;
    setState((s) => (s === 'idle' ? 'connecting' : s));
    const q = new URLSearchParams({ [spec.kind]: spec.target });
    // After a manual reconnect, resume right after the last revision shown.
    const from = lastRevision.current !== null ? lastRevision.current + 1 : spec.fromRevision;
    if (from) q.set('fromRevision', String(from));
    const source = new EventSource(`/api/v1/watch?${q.toString()}`);
    const track = (e: MessageEvent<string>) => {
      const id = Number(e.lastEventId);
      if (Number.isFinite(id) && id > 0) lastRevision.current = id;
    };
    // The state is set once per (re)connection, not once per event.
    let live = false;
    const markLive = () => {
      if (live) return;
      live = true;
      setState((s) => (s === 'resynced' ? s : 'live'));
    };
    source.addEventListener('ready', (e) => {
      track(e as MessageEvent<string>);
      setReadyRevision(Number(JSON.parse((e as MessageEvent<string>).data).revision));
      markLive();
    });
    source.addEventListener('change', (e) => {
      const message = JSON.parse((e as MessageEvent<string>).data) as ChangeMessage;
      track(e as MessageEvent<string>);
      markLive();
      push(message.events.map((event) => ({ ...event, revision: message.revision, seq: seq.current++ })));
    });
    source.addEventListener('resync', (e) => {
      track(e as MessageEvent<string>);
      setState('resynced');
    });
    let retry: ReturnType<typeof setTimeout> | null = null;
    source.onerror = () => {
      live = false;
      setState('reconnecting');
      // EventSource gives up on an error status (e.g. 503 while etcd is down); the page keeps trying.
      if (source.readyState === EventSource.CLOSED) retry = setTimeout(() => setAttempt((a) => a + 1), 1500);
    };
    return () => {
      if (retry) clearTimeout(retry);
      source.close();
      if (frame.current) cancelAnimationFrame(frame.current);
      // Events already received are applied, not dropped: a reconnect resumes after the last one of them (a new
      // target clears the log after this anyway).
      flush();
    };
  }, [spec, push, flush, attempt]);

  const setPaused = useCallback(
    (next: boolean) => {
      pausedRef.current = next;
      setPausedState(next);
      if (!next && buffer.current.length > 0) {
        const items = buffer.current;
        buffer.current = [];
        setBuffered(0);
        push(items);
      }
    },
    [push],
  );

  const clear = useCallback(() => {
    setEntries([]);
    buffer.current = [];
    setBuffered(0);
  }, []);

  return { entries, state, readyRevision, paused, setPaused, buffered, clear };
}
