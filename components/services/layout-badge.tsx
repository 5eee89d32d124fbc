// The small mark that says which layout a service comes from (its id; the title in the tooltip).
import type { LayoutSummary } from '@/lib/registry/schemas';

const tone = (layout: Pick<LayoutSummary, 'id' | 'source'> | undefined) =>
  layout?.id === 'console'
    ? 'bg-zinc-100 text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300'
    : layout?.source === 'declared'
      ? 'bg-sky-100 text-sky-800 dark:bg-sky-950 dark:text-sky-300'
      : 'bg-violet-100 text-violet-800 dark:bg-violet-950 dark:text-violet-300';

export function LayoutBadge({ id, layout }: { id: string; layout?: LayoutSummary }) {
  return (
    <span
      data-testid="layout-badge"
      data-layout={id}
      title={layout?.title ?? id}
      className={`inline-flex items-center rounded px-1.5 py-0.5 font-mono text-[11px] font-medium whitespace-nowrap ${tone(layout ?? { id, source: '' })}`}
    >
      {id}
    </span>
  );
}
