// Searches a response body for text the caller must not see, including inside opaque tokens (cursors are
// base64 of JSON holding base64 keys), so a leak cannot hide behind an encoding.

const TOKEN = /[A-Za-z0-9+/_-]{12,}={0,2}/g;

function decodings(text: string, depth: number): string[] {
  if (depth === 0) return [];
  const out: string[] = [];
  for (const m of text.matchAll(TOKEN)) {
    for (const alphabet of ['base64', 'base64url'] as const) {
      const decoded = Buffer.from(m[0], alphabet).toString('latin1');
      // Only readable decodings are worth searching again.
      if (/^[\x20-\x7e\s]*$/.test(decoded) && decoded.length >= 8) {
        out.push(decoded, ...decodings(decoded, depth - 1));
      }
    }
  }
  return out;
}

/** The markers found in the text or in what its base64 tokens decode to (two levels deep). */
export function findLeaks(text: string, markers: string[]): string[] {
  const haystacks = [text, ...decodings(text, 2)];
  return markers.filter((m) => haystacks.some((h) => h.includes(m)));
}

/** Reads a body, for streams (SSE, export) at most `ms` long, then cancels it. */
export async function readBody(res: Response, ms = 400): Promise<string> {
  if (!res.body) return '';
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  const deadline = Date.now() + ms;
  for (;;) {
    const left = deadline - Date.now();
    if (left <= 0) break;
    const chunk = await Promise.race([
      reader.read(),
      new Promise<null>((r) => setTimeout(() => r(null), left)),
    ]);
    if (chunk === null || chunk.done) break;
    text += decoder.decode(chunk.value, { stream: true });
  }
  await reader.cancel().catch(() => {});
  return text;
}
