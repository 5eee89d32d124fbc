// Keeps a registered instance's status where the sidecar wants it: one write at a time, in order; a failed write
// is tried again at the next want(); after a re-registration the status is written afresh.
import type { InstanceStatus, RegisteredInstance } from '../registry';
import { describeError, log } from './log';

export class StatusKeeper {
  private wanted: InstanceStatus;
  /** What etcd holds as far as we know; null when unsure. */
  private written: InstanceStatus | null;
  private writing = false;

  constructor(
    private readonly instance: RegisteredInstance,
    initial: InstanceStatus,
  ) {
    this.wanted = initial;
    this.written = initial;
  }

  /** Asks for a status; cheap when it is already written, so callers may repeat it on every check. */
  want(status: InstanceStatus): void {
    this.wanted = status;
    void this.sync();
  }

  /** The key was written again (a new lease): make sure it carries the wanted status. */
  forget(): void {
    this.written = null;
    void this.sync();
  }

  private async sync(): Promise<void> {
    if (this.writing) return;
    this.writing = true;
    try {
      while (this.written !== this.wanted) {
        const target = this.wanted;
        try {
          await this.instance.setStatus(target);
          this.written = target;
        } catch (error) {
          this.written = null;
          log('register', `cannot set status ${target}: ${describeError(error)}; trying again`);
          return;
        }
      }
    } finally {
      this.writing = false;
    }
  }
}
