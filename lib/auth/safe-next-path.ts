// Where to go after signing in: a path on this console, never another site (no open redirect).

const BASE = 'http://console.invalid';

/** `next` when it is a same-origin path (`/keys?prefix=/a`), else `/`. Rejects `//evil`, `/\evil`, `https://…`. */
export function safeNextPath(next: string | null | undefined): string {
  if (!next?.startsWith('/') || next.startsWith('//')) return '/';
  // Browsers read a backslash as a slash, and drop tabs and newlines, so `/\evil` and `/\t/evil` go elsewhere.
  if ([...next].some((c) => c === '\\' || c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f)) return '/';
  try {
    const url = new URL(next, BASE);
    return url.origin === BASE ? `${url.pathname}${url.search}${url.hash}` : '/';
  } catch {
    return '/';
  }
}
