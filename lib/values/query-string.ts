// URL query strings as values (rpcx writes its service metadata this way: "group=&state=active&tps=0").

/** The pairs of `key=value&…` text; null when the text is not one (spaces, line breaks, fewer than two pairs). */
export function parseQueryString(text: string): Array<[string, string]> | null {
  const trimmed = text.trim();
  if (!/^[^=&\s]+=[^&\s]*(?:&[^=&\s]+=[^&\s]*)+$/.test(trimmed)) return null;
  try {
    return trimmed.split('&').map((pair) => {
      const at = pair.indexOf('=');
      const decode = (s: string) => decodeURIComponent(s.replace(/\+/g, ' '));
      return [decode(pair.slice(0, at)), decode(pair.slice(at + 1))];
    });
  } catch {
    return null;
  }
}
