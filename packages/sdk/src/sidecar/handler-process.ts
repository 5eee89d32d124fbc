// One run of a handler program for one command: payload JSON on stdin, `progress N message` lines on stdout,
// the exit code decides the outcome, an abort sends SIGTERM (SIGKILL after a grace period).
import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { CommandContext } from '../worker';
import { exitStatus, type ProgramExit } from './child-program';

const STDERR_TAIL_BYTES = 2000;
const PROGRESS_LINE = /^progress\s+(\d+(?:\.\d+)?)(?:\s+(.*))?$/;

/** The error a handler's failure is recorded with: message (with stderr's tail) and code `exit_<status>`. */
export class HandlerExitError extends Error {
  readonly code: string;
  constructor(
    readonly status: number,
    stderrTail: string,
  ) {
    const tail = stderrTail.trim();
    super(`The handler exited with code ${status}${tail ? `: ${tail}` : ''}`);
    this.name = 'HandlerExitError';
    this.code = `exit_${status}`;
  }
}

export type HandlerOptions = {
  program: [string, ...string[]];
  /** How long a handler has after SIGTERM before SIGKILL. */
  killGraceMs: number;
  /** Where lines that are neither progress nor the result go. */
  logLine: (line: string) => void;
};

/** Runs the handler once; resolves with its result (the last stdout line that is JSON, or null) on exit code 0. */
export async function runHandler(options: HandlerOptions, payload: unknown, ctx: CommandContext) {
  const [file, ...args] = options.program;
  const child = spawn(file, args, {
    stdio: ['pipe', 'pipe', 'pipe'],
    // Its own process group, so a cancel reaches what a shell script started too.
    detached: true,
    env: { ...process.env, ...commandEnv(ctx) },
  });
  let stderrTail = '';
  child.stderr.on('data', (chunk: Buffer) => {
    process.stderr.write(chunk);
    stderrTail = (stderrTail + chunk.toString('utf8')).slice(-STDERR_TAIL_BYTES);
  });
  // A handler that never reads its stdin must not fail the run with EPIPE.
  child.stdin.on('error', () => {});
  child.stdin.end(`${JSON.stringify(payload ?? null)}\n`);

  let result: unknown = null;
  createInterface({ input: child.stdout }).on('line', (line) => {
    const progress = PROGRESS_LINE.exec(line.trim());
    if (progress) return ctx.progress(Number(progress[1]), progress[2] ?? '');
    const json = parseJson(line);
    if (json.ok) result = json.value;
    else options.logLine(line);
  });

  const stopOnAbort = terminateOnAbort(child, ctx.signal, options.killGraceMs);
  try {
    const exit = await closed(child);
    if (ctx.signal.aborted) throw ctx.signal.reason;
    const status = exitStatus(exit);
    if (status !== 0) throw new HandlerExitError(status, stderrTail);
    return result;
  } finally {
    stopOnAbort();
  }
}

/** What the handler learns about its command through the environment. */
function commandEnv(ctx: CommandContext): Record<string, string> {
  return {
    ETCD_CONSOLE_COMMAND_ID: ctx.commandId,
    ETCD_CONSOLE_COMMAND_TYPE: ctx.type,
    ETCD_CONSOLE_COMMAND_GROUP: ctx.group,
    ETCD_CONSOLE_COMMAND_ATTEMPT: String(ctx.attempt),
    ETCD_CONSOLE_WORKER_ID: ctx.workerId,
  };
}

function parseJson(line: string): { ok: true; value: unknown } | { ok: false } {
  const trimmed = line.trim();
  if (!trimmed) return { ok: false };
  try {
    return { ok: true, value: JSON.parse(trimmed) };
  } catch {
    return { ok: false };
  }
}

/**
 * Resolves once the process has exited and its output is read to the end (or 1 s after the exit, when something it
 * left behind still holds stdout open); rejects when it could not start.
 */
function closed(child: ChildProcess): Promise<ProgramExit> {
  return new Promise((resolve, reject) => {
    child.once('error', (error) => {
      if (child.pid === undefined) reject(new Error(`cannot start the handler: ${error.message}`));
    });
    child.once('exit', (code, signal) => {
      const late = setTimeout(() => {
        child.stdout?.destroy();
        child.stderr?.destroy();
        resolve({ code, signal });
      }, 1000);
      child.once('close', () => {
        clearTimeout(late);
        resolve({ code, signal });
      });
    });
  });
}

/** Signals the handler's whole process group (falls back to the handler alone). */
function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    child.kill(signal);
  }
}

/** SIGTERM on abort, SIGKILL if still alive after `graceMs`. Returns the function that cleans up. */
function terminateOnAbort(child: ChildProcess, signal: AbortSignal, graceMs: number): () => void {
  let killTimer: NodeJS.Timeout | null = null;
  const onAbort = () => {
    signalGroup(child, 'SIGTERM');
    killTimer = setTimeout(() => signalGroup(child, 'SIGKILL'), graceMs);
    killTimer.unref();
  };
  if (signal.aborted) onAbort();
  else signal.addEventListener('abort', onAbort, { once: true });
  return () => {
    signal.removeEventListener('abort', onAbort);
    if (killTimer) clearTimeout(killTimer);
  };
}
