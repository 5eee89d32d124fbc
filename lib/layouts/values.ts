// Small value parsers shared by the layouts: host:port, URL endpoints, query strings, metadata maps.

const HOST_PORT = /^(\[[0-9A-Fa-f:.]+\]|[^\s:/[\]]+):(\d{1,5})$/;

/** "10.0.0.5:50051" or "[::1]:80" → address and port; null for anything else. */
export function splitHostPort(text: string): { address: string; port: number } | null {
  const m = HOST_PORT.exec(text.trim());
  if (!m) return null;
  const port = Number(m[2]);
  if (port > 65535) return null;
  return { address: m[1]!, port };
}

/** An address that may or may not carry a port: "10.0.0.5:80" or "10.0.0.5". */
export function addressWithOptionalPort(text: string): { address: string; port?: number } | null {
  const trimmed = text.trim();
  if (!trimmed) return null;
  return splitHostPort(trimmed) ?? (/^[^\s/]+$/.test(trimmed) ? { address: trimmed } : null);
}

/** "grpc://10.0.0.5:9000?isSecure=false" → scheme, address, port and query; null when not a URL with a host. */
export function parseEndpointUrl(
  text: string,
): { scheme: string; address: string; port?: number; query: Record<string, string> } | null {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return null;
  }
  if (!url.hostname) return null;
  const port = url.port ? Number(url.port) : undefined;
  return {
    scheme: url.protocol.replace(/:$/, ''),
    address: url.hostname,
    ...(port === undefined ? {} : { port }),
    query: Object.fromEntries(url.searchParams),
  };
}

/** Any JSON object's scalar fields as strings (nested values as JSON), for display as metadata. */
export function stringMap(value: unknown): Record<string, string> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return {};
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (v === null || v === undefined) continue;
    out[k] = typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v);
  }
  return out;
}

export function parseJsonObject(text: string): Record<string, unknown> | null {
  try {
    const v: unknown = JSON.parse(text);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** The key after `root`, split on "/"; null when the key is not under root. */
export function segmentsUnder(key: string, root: string): string[] | null {
  if (!key.startsWith(root)) return null;
  return key.slice(root.length).split('/');
}

/** A number out of a JSON field that may be a number or a numeric string. */
export function numberField(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return undefined;
}
