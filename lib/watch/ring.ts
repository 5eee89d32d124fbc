// The recent revisions of one watched range, so a reconnecting client resumes without a new etcd watch.
import type { ChangeMessage } from './messages';

export class RevisionRing {
  private readonly messages: ChangeMessage[] = [];
  private bytes = 0;
  /** Every change with a revision above this one is in the ring (or yet to come). */
  coveredAfter: number;

  constructor(
    coveredAfter: number,
    private readonly maxMessages = 2048,
    private readonly maxBytes = 8 * 1024 * 1024,
  ) {
    this.coveredAfter = coveredAfter;
  }

  push(message: ChangeMessage, size: number): void {
    this.messages.push(message);
    this.sizes.push(size);
    this.bytes += size;
    while (
      this.messages.length > this.maxMessages ||
      (this.bytes > this.maxBytes && this.messages.length > 1)
    ) {
      const evicted = this.messages.shift();
      this.bytes -= this.sizes.shift() ?? 0;
      if (evicted) this.coveredAfter = evicted.revision;
    }
  }

  private readonly sizes: number[] = [];

  /** True when every change from `fromRevision` on can be replayed from memory. */
  covers(fromRevision: number): boolean {
    return fromRevision - 1 >= this.coveredAfter;
  }

  since(fromRevision: number): ChangeMessage[] {
    return this.messages.filter((m) => m.revision >= fromRevision);
  }

  reset(coveredAfter: number): void {
    this.messages.length = 0;
    this.sizes.length = 0;
    this.bytes = 0;
    this.coveredAfter = coveredAfter;
  }
}
