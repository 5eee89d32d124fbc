// Waits for SIGINT or SIGTERM. Listens only until the first one: a second signal stops the process outright.
export type StopSignal = 'SIGINT' | 'SIGTERM';

export function untilStopSignal(): Promise<StopSignal> {
  return new Promise((resolve) => {
    const on = (signal: StopSignal) => {
      process.off('SIGINT', on);
      process.off('SIGTERM', on);
      resolve(signal);
    };
    process.on('SIGINT', on);
    process.on('SIGTERM', on);
  });
}
