// server.mjs's fast path for /api/v1: the route files' own handlers (bundled by scripts/build-api.mjs), called with
// a web Request made straight from the node request, their Response written straight to the socket. Same route()
// wrapper, zod schemas, errors and OpenAPI document as under Next.js; only the App Router's per-request work is gone.
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { pathToFileURL } from 'node:url';
import { apiHeaders, securityHeaders } from './headers.mjs';

const NODE_STREAM = Symbol.for('etcd-console.node-stream');
const API_PREFIX = '/api/v1/';
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];
const FIXED_HEADERS = Object.entries({ ...securityHeaders, ...apiHeaders });

/**
 * @typedef {(request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response> | Response} Handler
 * @typedef {{ segments: string[], module: Record<string, unknown> }} RouteModule
 * @typedef {{ segments: string[], params: Array<string | null>, handlers: Record<string, Handler> }} Route
 */

/** @param {RouteModule[]} modules @returns {Route[]} static segments before parameters, as Next.js matches */
function compile(modules) {
  const routes = modules.map(({ segments, module }) => ({
    segments,
    params: segments.map((s) => /^\[(.+)\]$/.exec(s)?.[1] ?? null),
    handlers: Object.fromEntries(
      METHODS.filter((m) => typeof module[m] === 'function').map((m) => [
        m,
        /** @type {Handler} */ (module[m]),
      ]),
    ),
  }));
  const dynamicCount = (r) => r.params.filter(Boolean).length;
  return routes.sort((a, b) => dynamicCount(a) - dynamicCount(b));
}

/** @param {Route[]} routes @param {string[]} parts */
function match(routes, parts) {
  for (const route of routes) {
    if (route.segments.length !== parts.length) continue;
    /** @type {Record<string, string>} */
    const params = {};
    let ok = true;
    for (let i = 0; i < parts.length; i++) {
      const name = route.params[i];
      if (name) {
        try {
          params[name] = decodeURIComponent(parts[i]);
        } catch {
          ok = false;
        }
      } else if (route.segments[i] !== parts[i]) ok = false;
      if (!ok) break;
    }
    if (ok) return { route, params };
  }
  return null;
}

/** @param {import('node:http').IncomingMessage} req @param {AbortSignal} signal */
function toRequest(req, signal) {
  const headers = new Headers();
  const raw = req.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) headers.append(raw[i], raw[i + 1]);
  const method = req.method ?? 'GET';
  const hasBody = method !== 'GET' && method !== 'HEAD';
  return new Request(`http://${req.headers.host ?? 'localhost'}${req.url}`, {
    method,
    headers,
    signal,
    ...(hasBody ? { body: /** @type {ReadableStream} */ (Readable.toWeb(req)), duplex: 'half' } : {}),
  });
}

/** Streams (export, snapshot) go out as they come; every other answer is small and goes out in one write. */
function isStreamed(response) {
  const type = response.headers.get('content-type') ?? '';
  return (
    response.headers.has('content-disposition') ||
    type.startsWith('text/event-stream') ||
    type.startsWith('application/octet-stream')
  );
}

/** @param {Response} response @param {import('node:http').ServerResponse} res */
async function writeResponse(response, res) {
  const nodeStream = /** @type {any} */ (response)[NODE_STREAM];
  for (const [k, v] of FIXED_HEADERS) res.setHeader(k, v);
  if (typeof nodeStream === 'function') {
    nodeStream(res);
    return;
  }
  res.statusCode = response.status;
  for (const [k, v] of response.headers) if (k !== 'set-cookie') res.setHeader(k, v);
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) res.setHeader('set-cookie', cookies);
  if (!response.body) {
    res.end();
    return;
  }
  if (isStreamed(response)) {
    await pipeline(Readable.fromWeb(/** @type {any} */ (response.body)), res).catch(() => res.destroy());
    return;
  }
  const body = Buffer.from(await response.arrayBuffer());
  res.setHeader('content-length', body.length);
  res.end(body);
}

/**
 * The fast path, or null when there is no bundle (a dev server, or a build from before this existed).
 * @param {string} dir the app directory (holds .next/)
 */
export async function loadFastApi(dir) {
  const file = path.join(dir, '.next', 'console-api.mjs');
  if (!fs.existsSync(file)) return null;
  const { routes: modules } = await import(pathToFileURL(file).href);
  const routes = compile(modules);
  /**
   * Serves the request when it is an /api/v1 route with a handler for its method; false hands it to Next.js.
   * @param {import('node:http').IncomingMessage} req @param {import('node:http').ServerResponse} res
   */
  return function serve(req, res) {
    const url = req.url ?? '/';
    if (!url.startsWith(API_PREFIX)) return false;
    const query = url.indexOf('?');
    const pathname = query === -1 ? url : url.slice(0, query);
    const parts = pathname.slice(API_PREFIX.length).split('/').filter(Boolean);
    const found = match(routes, parts);
    const handler = found?.route.handlers[req.method ?? 'GET'];
    if (!found || !handler) return false;
    const aborted = new AbortController();
    res.once('close', () => {
      if (!res.writableFinished) aborted.abort();
    });
    const params = Promise.resolve(found.params);
    Promise.resolve()
      .then(() => handler(toRequest(req, aborted.signal), { params }))
      .then((response) => writeResponse(response, res))
      .catch((error) => {
        console.error(error);
        if (!res.headersSent) {
          res.statusCode = 500;
          res.setHeader('content-type', 'application/json');
          res.end(
            '{"error":{"code":"internal","message":"Internal error; the server log has the details."}}',
          );
        } else res.destroy();
      });
    return true;
  };
}
