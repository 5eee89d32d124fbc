// The subscriber's view of its prefix: last good parsed value per key, and the keys whose newest value failed.

import type { SubscriberError } from '@etcd-console/core/config';
import { describeParseError, type ParseFormat, parseValue } from './parse';

export type ValueFailure = SubscriberError & { key: string };

export type PutOutcome = { changed: boolean; failure?: ValueFailure };

export type ReplaceOutcome = { changedKeys: string[]; failures: ValueFailure[] };

export class ConfigState<T> {
  private readonly values = new Map<string, T>();
  /** Bytes of the value each key currently shows, to skip rewrites of the same bytes. */
  private readonly shownBytes = new Map<string, Buffer>();
  private readonly failures = new Map<string, ValueFailure>();
  private cached: ReadonlyMap<string, T> | null = null;

  constructor(private readonly format: ParseFormat) {}

  get(key: string): T | undefined {
    return this.values.get(key);
  }

  /** An immutable copy, rebuilt only after a change, so apps may keep and diff snapshots. */
  snapshot(): ReadonlyMap<string, T> {
    this.cached ??= new Map(this.values);
    return this.cached;
  }

  currentFailures(): ValueFailure[] {
    return [...this.failures.values()].sort((a, b) => a.revision - b.revision);
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
    return { changed: true };
  }

  delete(key: string): boolean {
    this.failures.delete(key);
    this.shownBytes.delete(key);
    if (!this.values.delete(key)) return false;
    this.cached = null;
    return true;
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
