'use client';
import { useTranslations } from 'next-intl';

export type ValueView = 'decoded' | 'raw';

/** Decoded view or the raw editor, for values with a decoded view. */
export function ViewSwitch({ view, onView }: { view: ValueView; onView: (view: ValueView) => void }) {
  const t = useTranslations('values');
  return (
    <div
      className="inline-flex rounded-md border border-zinc-200 p-0.5 text-xs dark:border-zinc-700"
      role="group"
    >
      {(['decoded', 'raw'] as const).map((name) => (
        <button
          key={name}
          type="button"
          aria-pressed={view === name}
          data-testid={`view-${name}`}
          onClick={() => onView(name)}
          className="rounded px-2 py-0.5 text-zinc-600 aria-pressed:bg-sky-100 aria-pressed:text-sky-800 dark:text-zinc-400 dark:aria-pressed:bg-sky-950 dark:aria-pressed:text-sky-200"
        >
          {t(name)}
        </button>
      ))}
    </div>
  );
}
