// The program a sidecar looks after: spawned with the sidecar's stdio, sent the signals the sidecar receives.
import { type ChildProcess, spawn } from 'node:child_process';
import os from 'node:os';

export type ProgramExit = { code: number | null; signal: NodeJS.Signals | null };

export type ChildProgram = {
  readonly child: ChildProcess;
  /** Settles once the program has ended (or failed to start: code 127, as a shell reports it). */
  readonly exited: Promise<ProgramExit>;
  readonly running: () => boolean;
};

export const FORWARDED_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
export type ForwardedSignal = (typeof FORWARDED_SIGNALS)[number];

export function startProgram([file, ...args]: [string, ...string[]]): ChildProgram {
  const child = spawn(file, args, { stdio: 'inherit' });
  let ended = false;
  const exited = new Promise<ProgramExit>((resolve) => {
    child.once('error', (error) => {
      if (child.pid !== undefined) return; // a failed kill(), not a failed start
      ended = true;
      process.stderr.write(`etcd-console-sidecar: cannot start ${file}: ${error.message}\n`);
      resolve({ code: 127, signal: null });
    });
    child.once('exit', (code, signal) => {
      ended = true;
      resolve({ code, signal });
    });
  });
  return { child, exited, running: () => !ended };
}

/**
 * Passes SIGINT, SIGTERM and SIGHUP on to the program instead of dying of them; `onSignal` hears each first.
 * Returns the function that stops forwarding.
 */
export function forwardSignals(
  program: ChildProgram,
  onSignal: (signal: ForwardedSignal) => void,
): () => void {
  const listeners = FORWARDED_SIGNALS.map((signal) => {
    const listener = () => {
      onSignal(signal);
      if (program.running()) program.child.kill(signal);
    };
    process.on(signal, listener);
    return () => process.off(signal, listener);
  });
  return () => {
    for (const off of listeners) off();
  };
}

/** The status a shell would report: the exit code, or 128 + the signal's number. */
export function exitStatus(exit: ProgramExit): number {
  if (exit.code !== null) return exit.code;
  const number = exit.signal ? os.constants.signals[exit.signal] : undefined;
  return number === undefined ? 1 : 128 + number;
}
