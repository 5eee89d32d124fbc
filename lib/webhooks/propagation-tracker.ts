import 'server-only';
// propagation.complete / propagation.stuck: after a change, waits until every live config subscriber covering its
// keys applied the revision (complete), or until stuckAfterMs passed with some still behind (stuck).
import type { Namespace } from 'etcd3';
import { logger } from '../log/logger';
import { coversKey } from '../subscribers/coverage';
import { verdictFor } from '../subscribers/propagation';
import { type LiveSubscriber, readSubscriberStatuses } from '../subscribers/read-statuses';

export type PropagationOutcome = {
  /** Whom the caller follows it for (an endpoint id). */
  tag: string;
  kind: 'complete' | 'stuck';
  revision: number;
  keys: string[];
  waitedMs: number;
  applied: Array<{ app: string; instance: string }>;
  pending: Array<{ app: string; instance: string; appliedRevision: number }>;
  errored: Array<{ app: string; instance: string }>;
};

type Tracked = { revision: number; keys: string[]; tag: string; startedAt: number; timer: NodeJS.Timeout };

const MAX_TRACKED = 200;
const REEVALUATE_MS = 200;

export class PropagationTracker {
  private readonly tracked: Tracked[] = [];
  private statusWatch: { close(): void } | null = null;
  private scheduled: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(
    private readonly options: {
      kv: () => Namespace;
      stuckAfterMs: number;
      onOutcome: (outcome: PropagationOutcome) => void;
      /** Calls back on every change under the subscribers' status area; returns its closer. */
      watchStatuses: (onChange: () => void) => { close(): void };
    },
  ) {}

  /** Starts following a change if any live subscriber covers one of its keys. */
  async track(revision: number, keys: string[], tag: string): Promise<void> {
    const { subscribers } = await readSubscriberStatuses(this.options.kv());
    if (this.stopped || !subscribers.some((s) => keys.some((k) => coversKey(s.prefix, k)))) return;
    const timer = setTimeout(() => void this.evaluate(), this.options.stuckAfterMs);
    timer.unref();
    const entry: Tracked = { revision, keys, tag, startedAt: Date.now(), timer };
    this.tracked.push(entry);
    if (this.tracked.length > MAX_TRACKED) {
      const dropped = this.tracked.shift()!;
      clearTimeout(dropped.timer);
      logger.warn(
        { revision: dropped.revision },
        'too many changes awaiting propagation; the oldest is not followed',
      );
    }
    this.statusWatch ??= this.options.watchStatuses(() => this.schedule());
    this.settle(subscribers);
  }

  stop(): void {
    this.stopped = true;
    for (const t of this.tracked) clearTimeout(t.timer);
    this.tracked.length = 0;
    if (this.scheduled) clearTimeout(this.scheduled);
    this.statusWatch?.close();
    this.statusWatch = null;
  }

  private schedule(): void {
    if (this.scheduled || this.stopped) return;
    this.scheduled = setTimeout(() => {
      this.scheduled = null;
      void this.evaluate();
    }, REEVALUATE_MS);
    this.scheduled.unref();
  }

  private async evaluate(): Promise<void> {
    if (this.tracked.length === 0 || this.stopped) return;
    try {
      const { subscribers } = await readSubscriberStatuses(this.options.kv());
      this.settle(subscribers);
    } catch (error) {
      logger.warn({ err: error }, 'propagation check failed; trying again on the next status change');
    }
  }

  /** Reports every tracked change that completed, and every overdue one as stuck. */
  private settle(subscribers: LiveSubscriber[]): void {
    const now = Date.now();
    for (const t of [...this.tracked]) {
      const outcome = outcomeOf(t, subscribers, now);
      const overdue = now - t.startedAt >= this.options.stuckAfterMs;
      if (outcome.pending.length > 0 && !overdue) continue;
      clearTimeout(t.timer);
      this.tracked.splice(this.tracked.indexOf(t), 1);
      this.options.onOutcome({ ...outcome, kind: outcome.pending.length === 0 ? 'complete' : 'stuck' });
    }
    if (this.tracked.length === 0) {
      this.statusWatch?.close();
      this.statusWatch = null;
    }
  }
}

function outcomeOf(t: Tracked, subscribers: LiveSubscriber[], now: number): Omit<PropagationOutcome, 'kind'> {
  const out: Omit<PropagationOutcome, 'kind'> = {
    tag: t.tag,
    revision: t.revision,
    keys: t.keys,
    waitedMs: now - t.startedAt,
    applied: [],
    pending: [],
    errored: [],
  };
  for (const s of subscribers) {
    const covered = t.keys.filter((k) => coversKey(s.prefix, k));
    if (covered.length === 0) continue;
    const verdicts = covered.map((k) => verdictFor(s, k, t.revision));
    const who = { app: s.app, instance: s.instance };
    if (verdicts.includes('pending')) out.pending.push({ ...who, appliedRevision: s.appliedRevision });
    else if (verdicts.includes('errored')) out.errored.push(who);
    else out.applied.push(who);
  }
  return out;
}
