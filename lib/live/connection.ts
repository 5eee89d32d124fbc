'use client';
// One EventSource per tab on the console's whole keyspace; pages subscribe to the parts they show.
import type { ChangeEvent, ChangeMessage } from '../watch/messages';

export type LiveState = 'connecting' | 'live' | 'reconnecting' | 'resynced';

type ChangeListener = (message: ChangeMessage) => void;
type ResyncListener = () => void;
type StateListener = (state: LiveState) => void;

const RECONNECT_MS = 1500;

class LiveConnection {
  private source: EventSource | null = null;
  private lastRevision: number | null = null;
  private readonly changeListeners = new Set<ChangeListener>();
  private readonly resyncListeners = new Set<ResyncListener>();
  private readonly stateListeners = new Set<StateListener>();
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  state: LiveState = 'connecting';
  revision: number | null = null;

  private ensureOpen(): void {
    if (this.source || this.retryTimer || typeof window === 'undefined') return;
    const from = this.lastRevision === null ? '' : `&fromRevision=${this.lastRevision + 1}`;
    const source = new EventSource(`/api/v1/watch?prefix=${from}`);
    this.source = source;
    source.addEventListener('ready', (e) => {
      this.track(e as MessageEvent<string>);
      this.setState(this.state === 'resynced' ? 'resynced' : 'live');
    });
    source.addEventListener('change', (e) => {
      const message = JSON.parse((e as MessageEvent<string>).data) as ChangeMessage;
      this.track(e as MessageEvent<string>);
      this.setState(this.state === 'resynced' ? 'resynced' : 'live');
      for (const listener of this.changeListeners) listener(message);
    });
    source.addEventListener('resync', (e) => {
      this.track(e as MessageEvent<string>);
      this.setState('resynced');
      for (const listener of this.resyncListeners) listener();
    });
    source.onerror = () => {
      this.setState('reconnecting');
      // EventSource retries by itself after a dropped stream, but gives up on an error status (etcd down: 503).
      if (source.readyState === EventSource.CLOSED) {
        this.source = null;
        this.retryTimer = setTimeout(() => {
          this.retryTimer = null;
          this.ensureOpen();
        }, RECONNECT_MS);
      }
    };
  }

  private track(event: MessageEvent<string>): void {
    const id = Number(event.lastEventId);
    if (Number.isFinite(id) && id > 0) {
      this.lastRevision = id;
      this.revision = id;
    }
  }

  private setState(state: LiveState): void {
    if (this.state === state) return;
    this.state = state;
    for (const listener of this.stateListeners) listener(state);
  }

  onChange(listener: ChangeListener): () => void {
    this.ensureOpen();
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  onResync(listener: ResyncListener): () => void {
    this.ensureOpen();
    this.resyncListeners.add(listener);
    return () => this.resyncListeners.delete(listener);
  }

  onState(listener: StateListener): () => void {
    this.ensureOpen();
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }
}

let connection: LiveConnection | null = null;

export function liveConnection(): LiveConnection {
  connection ??= new LiveConnection();
  return connection;
}

/** Does this event touch a key under the prefix? (Binary keys arrive base64 and never match a text prefix.) */
export function touches(event: ChangeEvent, prefix: string): boolean {
  return event.keyEncoding !== 'base64' && event.key.startsWith(prefix);
}
