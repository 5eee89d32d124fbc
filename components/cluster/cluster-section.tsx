import type { ReactNode } from 'react';

/** A titled part of the cluster pages; the heading names the region for screen readers. */
export function ClusterSection({
  id,
  title,
  aside,
  children,
}: {
  id: string;
  title: string;
  aside?: ReactNode;
  children: ReactNode;
}) {
  return (
    <section aria-labelledby={`${id}-heading`} className="flex flex-col gap-3" data-testid={`section-${id}`}>
      <div className="flex flex-wrap items-baseline gap-3">
        <h2 id={`${id}-heading`} className="text-sm font-semibold text-zinc-700 dark:text-zinc-300">
          {title}
        </h2>
        {aside ? <div className="text-xs text-zinc-500 dark:text-zinc-400">{aside}</div> : null}
      </div>
      {children}
    </section>
  );
}
