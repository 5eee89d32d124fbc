// Vitest stand-in for Next's `server-only` marker: tests run on the server already.
export {};
