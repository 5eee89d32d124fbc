// The sidecar's own messages go to stderr, one line each, so the program's stdout stays the program's.
export function log(command: string, message: string): void {
  process.stderr.write(`[etcd-console-sidecar ${command}] ${message}\n`);
}

export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
