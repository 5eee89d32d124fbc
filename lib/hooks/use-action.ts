'use client';
import { useCallback, useState } from 'react';

/**
 * One action at a time from a panel's buttons: `busy` while it runs, its error message if it failed, and
 * `onDone` after it succeeded (the caller refreshes what it shows).
 */
export function useAction(onDone: () => void) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const act = useCallback(
    async (run: () => Promise<unknown>): Promise<boolean> => {
      setBusy(true);
      setError(null);
      try {
        await run();
        onDone();
        return true;
      } catch (e) {
        setError(e instanceof Error ? e.message : String(e));
        return false;
      } finally {
        setBusy(false);
      }
    },
    [onDone],
  );
  return { act, busy, error };
}
