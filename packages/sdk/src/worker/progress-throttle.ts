// Coalesces progress updates: at most one write per interval, always ending with the latest value.
export class ProgressThrottle<T> {
  private pending: T | null = null;
  private timer: NodeJS.Timeout | null = null;
  private writing = false;
  private lastWrite = 0;
  private stopped = false;

  constructor(
    private readonly intervalMs: number,
    private readonly write: (value: T) => Promise<void>,
  ) {}

  push(value: T): void {
    if (this.stopped) return;
    this.pending = value;
    this.schedule();
  }

  /** Drops anything not yet written; later pushes are ignored. */
  stop(): void {
    this.stopped = true;
    this.pending = null;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private schedule(): void {
    if (this.writing || this.timer || this.pending === null) return;
    const wait = this.lastWrite + this.intervalMs - Date.now();
    if (wait > 0) {
      this.timer = setTimeout(() => {
        this.timer = null;
        this.schedule();
      }, wait);
      return;
    }
    const value = this.pending;
    this.pending = null;
    this.writing = true;
    this.lastWrite = Date.now();
    this.write(value)
      .catch(() => {}) // progress is best effort; the result is what must land
      .finally(() => {
        this.writing = false;
        if (!this.stopped) this.schedule();
      });
  }
}
