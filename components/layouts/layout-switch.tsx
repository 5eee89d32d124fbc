'use client';
// An on/off switch (a button with role="switch"); read-only when `onChange` is absent.

export function LayoutSwitch({
  checked,
  label,
  disabled,
  onChange,
  testId,
}: {
  checked: boolean;
  label: string;
  disabled?: boolean;
  onChange?: (next: boolean) => void;
  testId?: string;
}) {
  return (
    <button
      type="button"
      role="switch"
      aria-checked={checked}
      aria-label={label}
      aria-readonly={onChange ? undefined : true}
      disabled={disabled || !onChange}
      onClick={() => onChange?.(!checked)}
      data-testid={testId}
      className={`relative inline-flex h-5 w-9 shrink-0 items-center rounded-full transition-colors focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-500 disabled:cursor-not-allowed disabled:opacity-60 ${
        checked ? 'bg-sky-600 dark:bg-sky-500' : 'bg-zinc-300 dark:bg-zinc-700'
      }`}
    >
      <span
        aria-hidden
        className={`inline-block size-4 rounded-full bg-white shadow transition-transform ${
          checked ? 'translate-x-4.5' : 'translate-x-0.5'
        }`}
      />
    </button>
  );
}
