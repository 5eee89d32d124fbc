// Headers on every answer, and on every API answer: one list for next.config.js and server.mjs's fast path.
export const securityHeaders = {
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'same-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=()',
  'Cross-Origin-Opener-Policy': 'same-origin',
};

export const apiHeaders = {
  'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'",
};

/** @param {Record<string, string>} headers */
export function asNextHeaders(headers) {
  return Object.entries(headers).map(([key, value]) => ({ key, value }));
}
