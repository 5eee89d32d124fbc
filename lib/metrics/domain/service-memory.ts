// What the console remembers of services between collections: which instances ran on which lease (to count flaps)
// and which services had instances lately (so a service that lost all of them reads 0, not nothing).

/** A service unseen this long is forgotten: its series disappear and its alert resolves. */
export const SERVICE_MEMORY_MS = 24 * 60 * 60 * 1000;
/** The Overview's flapping window (the InstanceFlapping rule's 15 minutes). */
export const FLAP_WINDOW_MS = 15 * 60 * 1000;

type Known = {
  /** Instance id → lease id ('0' without one) at the last collection that saw it. */
  leases: Map<string, string>;
  /** Instances seen earlier and absent since (and since when): their return is a flap. */
  gone: Map<string, number>;
  flaps: number;
  /** When the flaps within FLAP_WINDOW_MS were seen. */
  flapTimes: number[];
  lastSeen: number;
};

export type ServiceObservation = { service: string; layout: string; leases: Map<string, string> };

const entryOf = (service: string, layout: string) => `${service}\u0000${layout}`;

export class ServiceMemory {
  private readonly known = new Map<string, Known>();
  /** The first collection sets the baseline: nothing before it counts as a flap. */
  private baseline = true;

  /**
   * Records one collection. A flap is an instance that came back on another lease (it lost its lease and
   * registered again), or came back after a collection that did not see it. Returns the services remembered but
   * absent now (every instance gone), which still get series at 0.
   */
  observe(seen: ServiceObservation[], now: number): Array<{ service: string; layout: string }> {
    const present = new Set<string>();
    for (const s of seen) {
      const entry = entryOf(s.service, s.layout);
      present.add(entry);
      const known: Known = this.known.get(entry) ?? {
        leases: new Map(),
        gone: new Map(),
        flaps: 0,
        flapTimes: [],
        lastSeen: now,
      };
      this.known.set(entry, known);
      for (const [id, lease] of s.leases) {
        const before = known.leases.get(id);
        const changedLease = before !== undefined && before !== lease && before !== '0' && lease !== '0';
        if (!this.baseline && (changedLease || known.gone.has(id))) {
          known.flaps += 1;
          known.flapTimes.push(now);
        }
        known.gone.delete(id);
      }
      for (const id of known.leases.keys()) if (!s.leases.has(id)) known.gone.set(id, now);
      for (const [id, since] of known.gone) if (now - since > SERVICE_MEMORY_MS) known.gone.delete(id);
      known.leases = new Map(s.leases);
      known.flapTimes = known.flapTimes.filter((t) => now - t <= FLAP_WINDOW_MS);
      known.lastSeen = now;
    }
    const absent: Array<{ service: string; layout: string }> = [];
    for (const [entry, known] of this.known) {
      if (present.has(entry)) continue;
      if (now - known.lastSeen > SERVICE_MEMORY_MS) {
        this.known.delete(entry);
        continue;
      }
      for (const id of known.leases.keys()) known.gone.set(id, now);
      known.leases.clear();
      const [service = '', layout = ''] = entry.split('\u0000');
      absent.push({ service, layout });
    }
    this.baseline = false;
    return absent;
  }

  flapsOf(service: string, layout: string): number {
    return this.known.get(entryOf(service, layout))?.flaps ?? 0;
  }

  /** Flaps within the last FLAP_WINDOW_MS before `now`. */
  recentFlapsOf(service: string, layout: string, now: number): number {
    const times = this.known.get(entryOf(service, layout))?.flapTimes ?? [];
    return times.filter((t) => now - t <= FLAP_WINDOW_MS).length;
  }
}
