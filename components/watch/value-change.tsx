'use client';
import { diffWordsWithSpace } from 'diff';
import type { LogEntry } from './use-watch-log';

const INLINE_DIFF_MAX = 2000;

/** Previous → new value, with the changed words marked; always rendered as text. */
export function ValueChange({ entry, deletedLabel }: { entry: LogEntry; deletedLabel: string }) {
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
      {diffWordsWithSpace(prev, entry.value).map((part, i) => (
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
