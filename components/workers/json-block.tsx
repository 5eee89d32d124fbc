// A JSON value, pretty-printed, as text (payloads and results).
export function JsonBlock({ value, testId }: { value: unknown; testId?: string }) {
  return (
    <pre
      data-testid={testId}
      className="max-h-80 overflow-auto rounded-md border border-zinc-200 bg-zinc-50 p-3 font-mono text-xs whitespace-pre-wrap break-words text-zinc-800 dark:border-zinc-800 dark:bg-zinc-950 dark:text-zinc-200"
    >
      {JSON.stringify(value ?? null, null, 2)}
    </pre>
  );
}
