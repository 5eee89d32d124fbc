// Deregisters every open registration when the process is told to stop (SIGTERM, SIGINT), then lets it stop.
const SIGNALS = ['SIGTERM', 'SIGINT'] as const;
type StopSignal = (typeof SIGNALS)[number];

const closers = new Set<() => Promise<void>>();
let listening = false;

function onSignal(signal: StopSignal): void {
  // Counted now, while listeners added after ours (even `once` ones) are still attached.
  const othersListen = process.listenerCount(signal) > 1;
  stopListening();
  const pending = [...closers].map((close) => close());
  closers.clear();
  void Promise.allSettled(pending).then(() => {
    // Nobody else handles this signal: re-raise it so the process ends the way it would have without us.
    if (!othersListen && process.listenerCount(signal) === 0) process.kill(process.pid, signal);
  });
}

function startListening(): void {
  if (listening) return;
  listening = true;
  for (const signal of SIGNALS) process.on(signal, onSignal);
}

function stopListening(): void {
  if (!listening) return;
  listening = false;
  for (const signal of SIGNALS) process.off(signal, onSignal);
}

/** Runs `close` on SIGTERM or SIGINT. Returns the function that forgets it (call it once closed yourself). */
export function closeOnStopSignal(close: () => Promise<void>): () => void {
  closers.add(close);
  startListening();
  return () => {
    closers.delete(close);
    if (closers.size === 0) stopListening();
  };
}
