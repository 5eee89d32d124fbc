// HTTP calls to the console over kept-alive sockets (node:http, no fetch overhead), with JSON bodies.
import http from 'node:http';

/** @typedef {{ status: number, body: string, headers: http.IncomingHttpHeaders }} HttpAnswer */

/**
 * @param {number} maxSockets
 */
export function keepAliveAgent(maxSockets) {
  return new http.Agent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets });
}

/**
 * @param {string} url
 * @param {{ method?: string, body?: unknown, agent?: http.Agent, headers?: Record<string, string>, timeoutMs?: number }} [options]
 * @returns {Promise<HttpAnswer>}
 */
export function request(url, options = {}) {
  return new Promise((resolve, reject) => {
    const payload = options.body === undefined ? undefined : Buffer.from(JSON.stringify(options.body));
    const req = http.request(
      url,
      {
        method: options.method ?? 'GET',
        agent: options.agent,
        headers: {
          accept: 'application/json',
          ...(payload
            ? { 'content-type': 'application/json', 'content-length': String(payload.length) }
            : {}),
          ...options.headers,
        },
        timeout: options.timeoutMs ?? 60_000,
      },
      (res) => {
        /** @type {Buffer[]} */
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            body: Buffer.concat(chunks).toString('utf8'),
            headers: res.headers,
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('timeout', () =>
      req.destroy(new Error(`timeout after ${options.timeoutMs ?? 60_000} ms: ${url}`)),
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/**
 * GET or send JSON and parse the answer; a status other than `expect` is an error.
 * @param {string} url
 * @param {{ method?: string, body?: unknown, agent?: http.Agent, expect?: number, timeoutMs?: number }} [options]
 * @returns {Promise<any>}
 */
export async function json(url, options = {}) {
  const res = await request(url, options);
  if (res.status !== (options.expect ?? 200)) {
    throw new Error(`${options.method ?? 'GET'} ${url} answered ${res.status}: ${res.body.slice(0, 300)}`);
  }
  return JSON.parse(res.body);
}
