'use client';
import { type Change, diffWordsWithSpace } from 'diff';
import type { LogEntry } from './use-watch-log';

const INLINE_DIFF_MAX = 2000;

// An entry's word diff is computed once, however often its row mounts again (a filter, a page back).
const diffs = new WeakMap<LogEntry, Change[]>();

function wordDiff(entry: LogEntry, prev: string): Change[] {
  let parts = diffs.get(entry);
  if (!parts) {
    parts = diffWordsWithSpace(prev, entry.value);
    diffs.set(entry, parts);
  }
  return parts;
}

/**
 * Previous → new value, always rendered as text; with the changed words marked once `detailed` (the row has been
 * in view), so rows nobody looks at never pay for a diff.
 */
export function ValueChange({
  entry,
  deletedLabel,
  detailed,
}: {
  entry: LogEntry;
  deletedLabel: string;
  detailed: boolean;
}) {
  if (entry.type === 'delete') {
    return (
      <span className="font-mono text-xs">
        <span className="text-red-700 line-through dark:text-red-400">{entry.prevValue ?? ''}</span>{' '}
        <span className="text-zinc-500 italic">{deletedLabel}</span>
      </span>
    );
  }
  const prev = entry.prevValue;
  if (
    !detailed ||
    prev === undefined ||
    entry.valueEncoding === 'base64' ||
    prev.length + entry.value.length > INLINE_DIFF_MAX
  ) {
    return (
      <span className="font-mono text-xs">
        {prev !== undefined ? (
          <span className="text-red-700 line-through dark:text-red-400">{truncate(prev)}</span>
        ) : null}
        {prev !== undefined ? ' → ' : null}
        <span className="text-emerald-700 dark:text-emerald-400">{truncate(entry.value)}</span>
      </span>
    );
  }
  return (
    <span className="font-mono text-xs whitespace-pre-wrap">
      {wordDiff(entry, prev).map((part, i) => (
        <span
          key={i}
          className={
            part.added
              ? 'bg-emerald-100 text-emerald-800 dark:bg-emerald-950 dark:text-emerald-300'
              : part.removed
                ? 'bg-red-100 text-red-800 line-through dark:bg-red-950 dark:text-red-300'
                : ''
          }
        >
          {part.value}
        </span>
      ))}
    </span>
  );
}

function truncate(text: string): string {
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}
