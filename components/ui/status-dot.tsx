const tones = {
  green: 'bg-emerald-500',
  red: 'bg-red-500',
  amber: 'bg-amber-500',
  gray: 'bg-zinc-400',
  blue: 'bg-sky-500',
} as const;

export function StatusDot({ tone }: { tone: keyof typeof tones }) {
  return <span aria-hidden className={`inline-block size-2 rounded-full ${tones[tone]}`} />;
}
