// A subscriber's lag: applied, behind by N revisions / T seconds, or in error.
import type { Lag } from './schemas';

export type LagInput = {
  appliedRevision: number;
  lastError?: { message: string };
  /** Newest revision that changed a live key under its prefix. */
  latestRevision: number;
  /** Estimated time of the first change it has not applied; null when unknown or not behind. */
  firstUnappliedAt: number | null;
  now: number;
};

export function describeLag(input: LagInput): Lag {
  const revisionsBehind = Math.max(0, input.latestRevision - input.appliedRevision);
  const secondsBehind =
    revisionsBehind > 0 && input.firstUnappliedAt !== null
      ? Math.max(0, Math.round((input.now - input.firstUnappliedAt) / 100) / 10)
      : revisionsBehind > 0
        ? null
        : 0;
  const base = { latestRevision: input.latestRevision, revisionsBehind, secondsBehind };
  if (input.lastError) return { ...base, state: 'error', summary: `error: ${input.lastError.message}` };
  if (revisionsBehind === 0) return { ...base, state: 'applied', summary: 'applied' };
  const unit = revisionsBehind === 1 ? 'revision' : 'revisions';
  const time = secondsBehind === null ? '' : ` / ${secondsBehind} s`;
  return { ...base, state: 'behind', summary: `behind by ${revisionsBehind} ${unit}${time}` };
}
