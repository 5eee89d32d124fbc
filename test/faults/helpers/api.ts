// Calls the console's route handlers in-process, the way Next.js would: a Request in, a Response out.
type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

// biome-ignore lint/suspicious/noExplicitAny: tests read answers loosely and check them field by field
export type Answer = { status: number; body: any; ms: number };

export async function callRoute(
  handler: Handler,
  url: string,
  init: { method?: string; body?: unknown; params?: Record<string, string>; signal?: AbortSignal } = {},
): Promise<Answer> {
  const started = performance.now();
  const request = new Request(`http://console.test${url}`, {
    method: init.method ?? 'GET',
    signal: init.signal,
    headers: { host: 'console.test', 'content-type': 'application/json' },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  const response = await handler(request, { params: Promise.resolve(init.params ?? {}) });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, body, ms: performance.now() - started };
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Polls until `probe` returns something truthy; returns it. */
export async function eventually<T>(
  probe: () => Promise<T | null | undefined | false>,
  timeoutMs: number,
  what: string,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value) return value;
    } catch (error) {
      last = error;
    }
    await sleep(100);
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${String(last)}` : ''}`);
}

/** One line per case in the test output: what was checked and how much of it. */
export function report(name: string, counts: Record<string, number | string>): void {
  const parts = Object.entries(counts).map(([k, v]) => `${k}=${v}`);
  process.stdout.write(`[faults] ${name}: ${parts.join(' ')}\n`);
}
