// Continuous compare-and-swap writes through PUT /api/v1/kv/item, each outcome recorded, then held against
// etcd's history: every write the API reported done is there, every refused one is not, unknown ones are counted.
import type { Revision } from './history';

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

export type WriteOutcome = 'ok' | 'conflict' | 'unknown';
export type WriteRecord = {
  key: string;
  value: string;
  outcome: WriteOutcome;
  status: number;
  revision?: number;
  started: number;
  finished: number;
};

export class CasWriters {
  readonly writes: WriteRecord[] = [];
  private readonly known = new Map<string, number>();
  private running = false;
  private loops: Promise<void>[] = [];
  private seq = 0;

  constructor(
    private readonly put: Handler,
    private readonly prefix: string,
    private readonly keys: number,
  ) {}

  start(writers: number): void {
    this.running = true;
    this.loops = Array.from({ length: writers }, (_, w) => this.loop(w));
  }

  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.loops);
  }

  private async loop(writer: number): Promise<void> {
    while (this.running) {
      const key = `${this.prefix}k${String(Math.floor(Math.random() * this.keys)).padStart(2, '0')}`;
      const value = `w${writer}-${this.seq++}`;
      const expected = this.known.get(key) ?? 0;
      const started = Date.now();
      let status = 0;
      // biome-ignore lint/suspicious/noExplicitAny: the answer is read field by field
      let body: any = null;
      try {
        const res = await this.put(
          new Request('http://console.test/api/v1/kv/item', {
            method: 'PUT',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ key, value, expectedModRevision: expected }),
          }),
          { params: Promise.resolve({}) },
        );
        status = res.status;
        body = await res.json().catch(() => null);
      } catch {
        status = 0;
      }
      const record: WriteRecord = { key, value, status, outcome: 'unknown', started, finished: Date.now() };
      if (status === 200) {
        record.outcome = 'ok';
        record.revision = body.item.modRevision;
        this.known.set(key, body.item.modRevision);
      } else if (status === 409) {
        record.outcome = 'conflict';
        this.known.set(key, body?.error?.details?.current?.modRevision ?? 0);
      } else {
        // 503 while the cluster elects, or no answer: the write may or may not have happened.
        this.known.delete(key);
        await new Promise((r) => setTimeout(r, 50));
      }
      this.writes.push(record);
    }
  }

  /** Has a write succeeded since `since`? */
  succeededSince(since: number): boolean {
    return this.writes.some((w) => w.outcome === 'ok' && w.finished > since);
  }

  /** The longest time within `windowMs` after `since` during which no write succeeded. */
  longestOutageAfter(since: number, windowMs = 10_000): number {
    const done = this.writes
      .filter((w) => w.outcome === 'ok' && w.finished > since && w.finished <= since + windowMs)
      .map((w) => w.finished)
      .sort((a, b) => a - b);
    let longest = 0;
    let previous = since;
    for (const t of done) {
      longest = Math.max(longest, t - previous);
      previous = t;
    }
    return done.length === 0 ? Number.POSITIVE_INFINITY : longest;
  }

  /** Holds every recorded outcome against etcd's history of the prefix. */
  verify(history: Revision[]) {
    const puts = new Map<string, { key: string; revision: number; count: number }>();
    for (const r of history) {
      for (const e of r.events) {
        if (e.type !== 'put') continue;
        const seen = puts.get(e.value);
        if (seen) seen.count++;
        else puts.set(e.value, { key: e.key, revision: r.revision, count: 1 });
      }
    }
    const lost: WriteRecord[] = [];
    const misreported: WriteRecord[] = [];
    const appliedDespiteConflict: WriteRecord[] = [];
    let unknownApplied = 0;
    let unknownNotApplied = 0;
    let appliedTwice = 0;
    for (const w of this.writes) {
      const found = puts.get(w.value);
      if (found && found.count > 1) appliedTwice++;
      // Acknowledged but absent: lost. Present, but the answer named another revision: misreported.
      if (w.outcome === 'ok' && !found) lost.push(w);
      if (w.outcome === 'ok' && found && !(found.key === w.key && found.revision === w.revision)) {
        misreported.push({ ...w, value: `${w.value} (written at ${found.revision})` });
      }
      if (w.outcome === 'conflict' && found) appliedDespiteConflict.push(w);
      if (w.outcome === 'unknown') {
        if (found) unknownApplied++;
        else unknownNotApplied++;
      }
    }
    const count = (o: WriteOutcome) => this.writes.filter((w) => w.outcome === o).length;
    return {
      writes: this.writes.length,
      ok: count('ok'),
      conflicts: count('conflict'),
      unknown: count('unknown'),
      unknownApplied,
      unknownNotApplied,
      lost,
      misreported,
      appliedDespiteConflict,
      appliedTwice,
    };
  }
}
