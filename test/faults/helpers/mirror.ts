// A client that keeps an exact copy of one prefix through the console's API, as the Keys page does: a paged
// listing pinned to one revision, then the watch from the revision after it; on `resync`, a reload at the
// resync revision while later changes wait their turn.
import type { SseEvent } from '../../helpers/sse';

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;
export type MirrorRoutes = { list: Handler; watch: Handler };
export type Entry = { value: string; modRevision: number };

/** Parses SSE frames from a response body as they arrive. */
export async function* sseFrames(response: Response): AsyncGenerator<SseEvent> {
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      let cut = buffer.indexOf('\n\n');
      while (cut >= 0) {
        const block = buffer.slice(0, cut);
        buffer = buffer.slice(cut + 2);
        cut = buffer.indexOf('\n\n');
        const event: SseEvent = { event: 'message', data: '' };
        let hasData = false;
        for (const line of block.split('\n')) {
          const colon = line.indexOf(':');
          if (colon <= 0) continue;
          const field = line.slice(0, colon);
          const text = line.slice(colon + 1).replace(/^ /, '');
          if (field === 'id') event.id = text;
          else if (field === 'event') event.event = text;
          else if (field === 'data') {
            event.data += (hasData ? '\n' : '') + text;
            hasData = true;
          }
        }
        if (hasData) yield event;
      }
    }
  } catch {
    // aborted
  } finally {
    reader.releaseLock();
  }
}

export class PrefixMirror {
  readonly state = new Map<string, Entry>();
  /** The revision `state` is exact at. */
  revision = 0;
  lastEventId: string | null = null;
  resyncs: Array<{ revision: number; compactRevision: number }> = [];
  reloads = 0;
  changesApplied = 0;
  /** Every change frame received, in order, for gap and duplicate checks. */
  readonly received: SseEvent[] = [];
  private abort: AbortController | null = null;
  private pump: Promise<void> | null = null;

  constructor(
    private readonly routes: MirrorRoutes,
    readonly prefix: string,
  ) {}

  private async call(
    handler: Handler,
    url: string,
    headers: Record<string, string> = {},
    signal?: AbortSignal,
  ) {
    return handler(new Request(`http://console.test${url}`, { headers, signal }), {
      params: Promise.resolve({}),
    });
  }

  /** Reads the whole prefix at one revision (now, or `at`), page by page, and replaces the copy with it. */
  async load(at?: number): Promise<void> {
    const fresh = new Map<string, Entry>();
    let cursor: string | null = null;
    let revision = at;
    do {
      const q = new URLSearchParams({ prefix: this.prefix, limit: '250' });
      if (cursor) q.set('cursor', cursor);
      else if (revision !== undefined) q.set('revision', String(revision));
      const res = await this.call(this.routes.list, `/api/v1/kv?${q}`);
      const page = (await res.json()) as {
        items: Array<{ key: string; value: string; modRevision: number }>;
        revision: number;
        nextCursor: string | null;
      };
      if (res.status !== 200) throw new Error(`listing answered ${res.status}: ${JSON.stringify(page)}`);
      revision = page.revision;
      for (const item of page.items)
        fresh.set(item.key, { value: item.value, modRevision: item.modRevision });
      cursor = page.nextCursor;
    } while (cursor);
    this.state.clear();
    for (const [k, v] of fresh) this.state.set(k, v);
    this.revision = revision ?? 0;
    this.reloads++;
  }

  /** Opens the stream: resuming from Last-Event-ID when it has one, else from the revision after the copy. */
  async connect(): Promise<void> {
    const abort = new AbortController();
    this.abort = abort;
    const headers: Record<string, string> = {};
    const q = new URLSearchParams({ prefix: this.prefix });
    if (this.lastEventId !== null) headers['last-event-id'] = this.lastEventId;
    else q.set('fromRevision', String(this.revision + 1));
    const res = await this.call(this.routes.watch, `/api/v1/watch?${q}`, headers, abort.signal);
    if (res.status !== 200) throw new Error(`watch answered ${res.status}`);
    let ready: () => void = () => {};
    const first = new Promise<void>((resolve) => {
      ready = resolve;
    });
    this.pump = (async () => {
      for await (const frame of sseFrames(res)) {
        if (frame.id !== undefined) this.lastEventId = frame.id;
        if (frame.event === 'ready') ready();
        else if (frame.event === 'resync') {
          const info = JSON.parse(frame.data) as { revision: number; compactRevision: number };
          this.resyncs.push(info);
          await this.load(info.revision);
          ready();
        } else if (frame.event === 'change') {
          this.received.push(frame);
          this.apply(JSON.parse(frame.data));
        }
      }
      ready();
    })();
    await first;
  }

  private apply(change: {
    revision: number;
    events: Array<{ type: 'put' | 'delete'; key: string; value: string; modRevision: number }>;
  }): void {
    // Changes already in a reloaded copy are skipped.
    if (change.revision <= this.revision) return;
    for (const e of change.events) {
      if (e.type === 'put') this.state.set(e.key, { value: e.value, modRevision: e.modRevision });
      else this.state.delete(e.key);
    }
    this.revision = change.revision;
    this.changesApplied++;
  }

  async disconnect(): Promise<void> {
    this.abort?.abort();
    await this.pump;
    this.abort = null;
  }
}
