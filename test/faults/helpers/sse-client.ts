// A raw HTTP Server-Sent Events client that behaves like a browser's EventSource: it reconnects after the
// server's `retry:` delay and sends Last-Event-ID, so a console restart looks to it exactly as to a browser.
import http from 'node:http';
import type { SseEvent } from '../../helpers/sse';

export class ReconnectingSse {
  readonly events: SseEvent[] = [];
  lastEventId: string | null = null;
  connections = 0;
  failedConnects = 0;
  private retryMs = 1000;
  private request: http.ClientRequest | null = null;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(
    private readonly baseUrl: string,
    private readonly path: string,
  ) {}

  start(): this {
    this.connect();
    return this;
  }

  private connect(): void {
    if (this.stopped) return;
    const headers: Record<string, string> = { accept: 'text/event-stream' };
    if (this.lastEventId !== null) headers['last-event-id'] = this.lastEventId;
    const req = http.get(`${this.baseUrl}${this.path}`, { headers, agent: false });
    this.request = req;
    req.on('response', (res) => {
      if (res.statusCode !== 200) {
        this.failedConnects++;
        res.resume();
        res.on('end', () => this.again());
        return;
      }
      this.connections++;
      res.setEncoding('utf8');
      let buffer = '';
      res.on('data', (chunk: string) => {
        buffer += chunk;
        let cut = buffer.indexOf('\n\n');
        while (cut >= 0) {
          this.parse(buffer.slice(0, cut));
          buffer = buffer.slice(cut + 2);
          cut = buffer.indexOf('\n\n');
        }
      });
      res.on('end', () => this.again());
      res.on('error', () => this.again());
    });
    req.on('error', () => {
      this.failedConnects++;
      this.again();
    });
  }

  private again(): void {
    if (this.stopped || this.timer) return;
    this.request?.destroy();
    this.request = null;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.connect();
    }, this.retryMs);
  }

  private parse(block: string): void {
    const event: SseEvent = { event: 'message', data: '' };
    let hasData = false;
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'retry' && /^\d+$/.test(value)) this.retryMs = Number(value);
      else if (field === 'id') event.id = value;
      else if (field === 'event') event.event = value;
      else if (field === 'data') {
        event.data += (hasData ? '\n' : '') + value;
        hasData = true;
      }
    }
    // As EventSource does: the last event ID is remembered even for events it does not dispatch.
    if (event.id !== undefined) this.lastEventId = event.id;
    if (hasData) this.events.push(event);
  }

  named(name: string): SseEvent[] {
    return this.events.filter((e) => e.event === name);
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.request?.destroy();
  }
}
