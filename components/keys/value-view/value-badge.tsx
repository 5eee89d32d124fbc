import { VALUE_BADGE, type ValueKind } from '@/lib/values/recognize';

const tone: Partial<Record<ValueKind, string>> = {
  kubernetes: 'bg-sky-100 text-sky-800 dark:bg-sky-950 dark:text-sky-300',
  encrypted: 'bg-amber-100 text-amber-900 dark:bg-amber-950 dark:text-amber-300',
  protobuf: 'bg-violet-100 text-violet-800 dark:bg-violet-950 dark:text-violet-300',
};

/** A small label for a recognised kind of value (k8s, enc, pb, json…); nothing for plain text or binary. */
export function ValueBadge({ kind }: { kind: ValueKind }) {
  const label = VALUE_BADGE[kind];
  if (!label) return null;
  return (
    <span
      data-testid="value-badge"
      data-kind={kind}
      className={`inline-flex shrink-0 items-center rounded px-1 font-mono text-[10px] leading-4 font-medium ${tone[kind] ?? 'bg-zinc-100 text-zinc-600 dark:bg-zinc-800 dark:text-zinc-300'}`}
    >
      {label}
    </span>
  );
}
