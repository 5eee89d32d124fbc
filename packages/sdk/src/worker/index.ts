// The worker SDK: run commands dispatched from the console, send commands, report standalone work. Free of Next.js.
export type { AbortReason, CommandContext, CommandHandler } from './command-run';
export { CommandAbortError } from './command-run';
export type { ReportTaskOptions, TaskReport } from './report-task';
export { reportTask } from './report-task';
export type { CommandInput, SentCommand } from './send-command';
export { sendCommand } from './send-command';
export type { Worker, WorkerEvent, WorkerOptions } from './worker';
export { startWorker } from './worker';
