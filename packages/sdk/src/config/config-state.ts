// The subscriber's view of its prefix: last good parsed value per key, and the keys whose newest value failed; on top
// of it a canary overlay (values of change sets this instance was chosen for), which wins over production.

import type { SubscriberError } from '@etcd-console/core/config';
import { describeParseError, type ParseFormat, parseValue } from './parse';

export type ValueFailure = SubscriberError & { key: string };

export type PutOutcome = { changed: boolean; failure?: ValueFailure };

export type ReplaceOutcome = { changedKeys: string[]; failures: ValueFailure[] };

/** A canary value as parsed; `bytes` null: the key is deleted for this instance. */
type OverlayValue<T> = { value: T | undefined; bytes: Buffer | null };

export class ConfigState<T> {
  private readonly values = new Map<string, T>();
  /** Bytes of the value each key currently shows, to skip rewrites of the same bytes. */
  private readonly shownBytes = new Map<string, Buffer>();
  private readonly failures = new Map<string, ValueFailure>();
  private readonly overlay = new Map<string, OverlayValue<T>>();
  private readonly overlayFailures = new Map<string, ValueFailure>();
  private cached: ReadonlyMap<string, T> | null = null;

  constructor(private readonly format: ParseFormat) {}

  get(key: string): T | undefined {
    const overlaid = this.overlay.get(key);
    return overlaid ? overlaid.value : this.values.get(key);
  }

  /** An immutable copy, rebuilt only after a change, so apps may keep and diff snapshots. */
  snapshot(): ReadonlyMap<string, T> {
    if (this.cached) return this.cached;
    const merged = new Map(this.values);
    for (const [key, o] of this.overlay) {
      if (o.bytes === null) merged.delete(key);
      else merged.set(key, o.value as T);
    }
    this.cached = merged;
    return merged;
  }

  currentFailures(): ValueFailure[] {
    return [...this.failures.values(), ...this.overlayFailures.values()].sort(
      (a, b) => a.revision - b.revision,
    );
  }

  /** Keys currently showing a canary value (or a canary deletion). */
  overlaidKeys(): ReadonlySet<string> {
    return new Set(this.overlay.keys());
  }

  /** Keys whose canary value failed to parse (they show the production value). */
  failedOverlayKeys(): ReadonlySet<string> {
    return new Set(this.overlayFailures.keys());
  }

  /**
   * Replaces the canary overlay (key → bytes, null = deleted) applied at `revision`; reports the keys whose shown
   * value changed. A canary value that fails to parse is not applied: the key keeps its production value.
   */
  setOverlay(next: ReadonlyMap<string, Buffer | null>, revision: number): ReplaceOutcome {
    const changed: string[] = [];
    const failures: ValueFailure[] = [];
    for (const key of new Set([...this.overlay.keys(), ...this.overlayFailures.keys(), ...next.keys()])) {
      const before = this.shownOf(key);
      this.overlayFailures.delete(key);
      this.overlay.delete(key);
      const bytes = next.get(key);
      if (bytes === null) this.overlay.set(key, { value: undefined, bytes: null });
      else if (bytes !== undefined) {
        try {
          this.overlay.set(key, { value: parseValue(this.format, key, bytes) as T, bytes });
        } catch (error) {
          const failure = { key, revision, message: describeParseError(error), at: new Date().toISOString() };
          this.overlayFailures.set(key, failure);
          failures.push(failure);
        }
      }
      if (!sameBytes(before, this.shownOf(key))) changed.push(key);
    }
    if (changed.length > 0) this.cached = null;
    return { changedKeys: changed, failures };
  }

  /** The bytes the app sees for a key: the canary's when overlaid, else production's; null when absent. */
  private shownOf(key: string): Buffer | null {
    const overlaid = this.overlay.get(key);
    return overlaid ? overlaid.bytes : (this.shownBytes.get(key) ?? null);
  }

  /** A put: parses the bytes; a failure keeps the last good value and is remembered until the key is fixed. */
  put(key: string, bytes: Buffer, revision: number): PutOutcome {
    const shown = this.shownBytes.get(key);
    if (shown?.equals(bytes)) {
      this.failures.delete(key);
      return { changed: false };
    }
    let value: T;
    try {
      value = parseValue(this.format, key, bytes) as T;
    } catch (error) {
      const failure = { key, revision, message: describeParseError(error), at: new Date().toISOString() };
      this.failures.set(key, failure);
      return { changed: false, failure };
    }
    this.failures.delete(key);
    this.values.set(key, value);
    this.shownBytes.set(key, bytes);
    this.cached = null;
    // Under a canary value the app sees no change (it sees production again when the canary ends).
    return { changed: !this.overlay.has(key) };
  }

  delete(key: string): boolean {
    this.failures.delete(key);
    this.shownBytes.delete(key);
    if (!this.values.delete(key)) return false;
    this.cached = null;
    return !this.overlay.has(key);
  }

  /** Makes the state equal to a fresh load; reports the keys whose shown value changed. */
  replaceAll(entries: Array<{ key: string; value: Buffer; revision: number }>): ReplaceOutcome {
    const changed = new Set<string>();
    const failures: ValueFailure[] = [];
    const present = new Set<string>();
    for (const entry of entries) {
      present.add(entry.key);
      const outcome = this.put(entry.key, entry.value, entry.revision);
      if (outcome.changed) changed.add(entry.key);
      if (outcome.failure) failures.push(outcome.failure);
    }
    for (const key of new Set([...this.values.keys(), ...this.failures.keys()])) {
      if (!present.has(key) && this.delete(key)) changed.add(key);
    }
    return { changedKeys: [...changed], failures };
  }
}

function sameBytes(a: Buffer | null, b: Buffer | null): boolean {
  return a === null || b === null ? a === b : a.equals(b);
}
