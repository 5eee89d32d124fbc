// The console's server: node:http with the front door (server/gate.mjs) in front of Next.js. Run it instead of
// `next start`: `node server.mjs [-p PORT] [-H HOST] [--dev] [--dir DIR]`, or PORT / HOST from the environment.
import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import http from 'node:http';
import { createRequire } from 'node:module';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadFastApi } from './server/fast-api.mjs';
import {
  assertSafeListenHost,
  createGate,
  GateConfigError,
  loginIsOff,
  parseTrustedProxies,
} from './server/gate.mjs';

/** @param {string} message */
function fail(message) {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

/** @param {string | undefined} value */
function readPort(value) {
  const port = Number(value);
  if (!/^\d{1,5}$/.test(value ?? '') || port > 65535)
    fail(`Invalid configuration: PORT: ${value} is not a port`);
  return port;
}

async function main() {
  const { values } = parseArgs({
    options: {
      dev: { type: 'boolean', default: false },
      port: { type: 'string', short: 'p' },
      hostname: { type: 'string', short: 'H' },
      dir: { type: 'string' },
    },
  });
  const dev = values.dev || process.env.NODE_ENV === 'development';
  const dir = path.resolve(values.dir ?? import.meta.dirname);
  process.env.NODE_ENV = dev ? 'development' : 'production';
  process.env.NEXT_TELEMETRY_DISABLED ??= '1';
  // A new secret per process, set before Next loads (and before .env files, which cannot override it).
  const secret = randomBytes(32).toString('base64url');
  process.env.CONSOLE_GATE_SECRET = secret;

  // The same .env files Next reads, so the gate and the app agree on whether login is on.
  const requireFromNext = createRequire(createRequire(import.meta.url).resolve('next/package.json'));
  /** @type {typeof import('@next/env')} */
  const nextEnv = requireFromNext('@next/env');
  nextEnv.loadEnvConfig(dir, dev, { info: () => {}, error: (...args) => console.error(...args) });

  const host = values.hostname ?? process.env.HOST ?? '127.0.0.1';
  const port = readPort(values.port ?? process.env.PORT ?? '3000');
  const loginOff = loginIsOff(process.env);
  let trusted;
  try {
    assertSafeListenHost(loginOff, host);
    trusted = parseTrustedProxies(process.env.CONSOLE_TRUSTED_PROXIES);
  } catch (error) {
    if (error instanceof GateConfigError) fail(error.message);
    throw error;
  }
  // The app's own start-up check (instrumentation.ts) reads the listen address from here.
  process.env.CONSOLE_HOST = host;
  nextEnv.updateInitialEnv({ CONSOLE_GATE_SECRET: secret, CONSOLE_HOST: host });

  const server = http.createServer();
  /** @type {number | undefined} */
  let boundPort;
  // Open sockets, for the etcd_console_http_connections gauge (lib/metrics/registry.ts).
  let connections = 0;
  server.on('connection', (socket) => {
    connections += 1;
    socket.once('close', () => {
      connections -= 1;
    });
  });
  /** @type {any} */ (globalThis).__consoleHttpConnections = () => connections;
  const gate = createGate({
    secret,
    loginOff,
    trusted,
    // Asked on every request: read the bound port once (server.address() is not free).
    port: () => {
      if (boundPort !== undefined) return boundPort;
      const address = server.address();
      if (address && typeof address === 'object') boundPort = address.port;
      return boundPort ?? port;
    },
  });

  const { default: next } = await import('next');
  // Next attaches its upgrade listener to `httpServer`; upgrades reach that emitter only through the gate.
  const gatedUpgrades = new EventEmitter();
  const app = next({ dev, dir, hostname: host, port, httpServer: gatedUpgrades });
  await app.prepare();
  const handle = app.getRequestHandler();
  // /api/v1 straight to the route files' handlers, without the App Router's per-request work (server/fast-api.mjs);
  // CONSOLE_FAST_API=0 sends everything through Next.js (for comparison), as does a dev server.
  const fastApi = dev || process.env.CONSOLE_FAST_API === '0' ? null : await loadFastApi(dir);

  server.on('request', (req, res) => {
    if (!gate.admit(req, res)) return;
    if (fastApi?.(req, res)) return;
    handle(req, res).catch((error) => {
      console.error(error);
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  server.on('upgrade', (req, socket, head) => {
    if (gate.admitUpgrade(req, socket)) gatedUpgrades.emit('upgrade', req, socket, head);
  });
  server.once('error', (error) => fail(`Cannot listen on ${host}:${port}: ${error.message}`));
  server.listen(port, host, () => {
    const address = server.address();
    const shown = host.includes(':') ? `[${host}]` : host;
    const actual = address && typeof address === 'object' ? address.port : port;
    const door = loginOff ? 'login off: loopback callers only' : 'login on';
    const proxies =
      trusted.size > 0 ? `, ${trusted.size} trusted prox${trusted.size === 1 ? 'y' : 'ies'}` : '';
    console.log(
      `[etcd-console] ${dev ? 'dev' : 'production'} server on http://${shown}:${actual} (${door}${proxies})`,
    );
  });

  let closing = false;
  const shutdown = () => {
    if (closing) return;
    closing = true;
    server.close();
    // Watch streams (SSE) would hold close() open for minutes.
    server.closeAllConnections();
    const timer = setTimeout(() => process.exit(0), 3000);
    timer.unref();
    app.close().finally(() => process.exit(0));
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}

main().catch((error) => {
  process.stderr.write(
    `[etcd-console] ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
