// The console's front door: server.mjs runs every request and upgrade through here before Next.js sees it.
// Plain JavaScript so it runs without a build; lib/auth/peer.ts reads what it leaves on the request.
import net from 'node:net';

/** The client address as the gate saw it. Only trusted together with GATE_HEADER (lib/auth/peer.ts). */
export const PEER_HEADER = 'x-console-peer';
/** This process's secret: proves a request came through this gate, not straight to Next. */
export const GATE_HEADER = 'x-console-gate';

/** Headers a client may not set: ours, and (unless it is a trusted proxy) the forwarding ones. */
const FORWARDING_HEADERS = [
  'forwarded',
  'x-forwarded-for',
  'x-forwarded-host',
  'x-forwarded-port',
  'x-forwarded-proto',
  'x-real-ip',
];

export class GateConfigError extends Error {
  /** @param {string} message */
  constructor(message) {
    super(message);
    this.name = 'GateConfigError';
  }
}

/**
 * An address as Node reports it, with IPv4-mapped IPv6 (::ffff:10.0.0.1) as plain IPv4; null if not an IP.
 * @param {string | undefined | null} address
 * @returns {string | null}
 */
export function normalizeAddress(address) {
  if (!address) return null;
  const lower = address.toLowerCase();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (mapped && net.isIPv4(mapped[1] ?? '')) return mapped[1] ?? null;
  return net.isIP(lower) ? lower : null;
}

/**
 * 127.0.0.0/8, ::1 and ::ffff:127.x: this machine, whatever the spelling of the address.
 * @param {string | undefined | null} address
 */
export function isLoopbackAddress(address) {
  const a = normalizeAddress(address);
  if (!a) return false;
  return net.isIPv4(a) ? a.startsWith('127.') : a === '::1';
}

/**
 * A listen address that can only be reached from this machine. Wildcards (0.0.0.0, ::, 0), LAN addresses and
 * host names (which DNS may point anywhere, `localhost` aside) are not.
 * @param {string} host
 */
export function isLoopbackListenHost(host) {
  const h = host.trim().toLowerCase();
  if (h === 'localhost') return true;
  return isLoopbackAddress(h.startsWith('[') && h.endsWith(']') ? h.slice(1, -1) : h);
}

/**
 * Login is off when no users are configured and CONSOLE_AUTH does not turn it on (as lib/auth/config.ts reads it).
 * @param {Record<string, string | undefined>} env
 */
export function loginIsOff(env) {
  const mode = env.CONSOLE_AUTH;
  if (mode === 'none') return true;
  if (mode) return false;
  return !env.CONSOLE_USERS && !env.CONSOLE_USERS_FILE;
}

/**
 * Secure by default: without login the console may only listen on loopback.
 * @param {boolean} loginOff
 * @param {string} host
 */
export function assertSafeListenHost(loginOff, host) {
  if (loginOff && !isLoopbackListenHost(host)) {
    throw new GateConfigError(
      `Refusing to listen on ${host || '(empty)'} without authentication: set CONSOLE_USERS (or CONSOLE_AUTH=etcd) and CONSOLE_SESSION_SECRET, or use HOST=127.0.0.1.`,
    );
  }
}

/**
 * @typedef {{ contains(address: string | null | undefined): boolean, size: number }} TrustedProxies
 */

/**
 * CONSOLE_TRUSTED_PROXIES: comma-separated IP addresses and CIDR ranges of the reverse proxies in front of the
 * console, whose X-Forwarded-For is believed. Empty (the default) trusts no one.
 * @param {string | undefined} value
 * @returns {TrustedProxies}
 */
export function parseTrustedProxies(value) {
  const list = new net.BlockList();
  let size = 0;
  for (const raw of (value ?? '').split(',')) {
    const entry = raw.trim();
    if (!entry) continue;
    const [addressPart, bitsPart, extra] = entry.split('/');
    const address = normalizeAddress(addressPart);
    const family = address && net.isIPv4(address) ? 'ipv4' : 'ipv6';
    const maxBits = family === 'ipv4' ? 32 : 128;
    const bits = bitsPart === undefined ? maxBits : Number(bitsPart);
    if (!address || extra !== undefined || !/^\d{1,3}$/.test(bitsPart ?? '0') || bits > maxBits) {
      throw new GateConfigError(
        `Invalid configuration: CONSOLE_TRUSTED_PROXIES: ${JSON.stringify(entry)} is not an IP address or CIDR range (e.g. 10.0.0.0/8, 192.0.2.7, fd00::/8)`,
      );
    }
    list.addSubnet(address, bits, family);
    size++;
  }
  return {
    size,
    contains(address) {
      if (size === 0) return false;
      const a = normalizeAddress(address);
      return a !== null && list.check(a, net.isIPv4(a) ? 'ipv4' : 'ipv6');
    },
  };
}

/**
 * One X-Forwarded-For entry as an address: `1.2.3.4`, `1.2.3.4:5678`, `::1`, `[::1]:80`; null if it is none.
 * @param {string} entry
 */
function forwardedAddress(entry) {
  const e = entry.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(e);
  if (bracketed) return normalizeAddress(bracketed[1]);
  const v4WithPort = /^(\d+\.\d+\.\d+\.\d+):\d+$/.exec(e);
  return normalizeAddress(v4WithPort ? v4WithPort[1] : e);
}

/**
 * The client's address: the socket's peer, or, when that peer is a trusted proxy, the right-most address of
 * X-Forwarded-For that is not a trusted proxy (everything left of it could have been written by the client).
 * @param {string | undefined} socketAddress
 * @param {string | string[] | undefined} forwardedFor
 * @param {TrustedProxies} trusted
 * @returns {string | null}
 */
export function clientAddress(socketAddress, forwardedFor, trusted) {
  let hop = normalizeAddress(socketAddress);
  if (!hop || !trusted.contains(hop) || !forwardedFor) return hop;
  const entries = (Array.isArray(forwardedFor) ? forwardedFor.join(',') : forwardedFor).split(',');
  for (let i = entries.length - 1; i >= 0; i--) {
    const address = forwardedAddress(entries[i] ?? '');
    // A malformed entry: believe no further than the last hop that handed it to us.
    if (!address) return hop;
    if (!trusted.contains(address)) return address;
    hop = address;
  }
  return hop;
}

/**
 * The Host header names this machine by a loopback name or address, on the console's own port. A DNS-rebinding
 * page reaches 127.0.0.1 under its own name (`a.rebind.test:3000`), and fails here.
 * @param {string | undefined} host
 * @param {number} port
 */
export function isLoopbackHostHeader(host, port) {
  if (!host || !/^[A-Za-z0-9.:[\]-]+$/.test(host)) return false;
  let url;
  try {
    url = new URL(`http://${host}`);
  } catch {
    return false;
  }
  if ((url.port || '80') !== String(port)) return false;
  const name = url.hostname.toLowerCase();
  return name === 'localhost' || isLoopbackAddress(name.replace(/^\[(.*)\]$/, '$1'));
}

/**
 * @typedef {{ secret: string, loginOff: boolean, trusted: TrustedProxies, port: number | (() => number) }} GateOptions
 * @typedef {{ socketAddress: string | undefined, headers: import('node:http').IncomingHttpHeaders }} GateInput
 * @typedef {{ allow: true, peer: string } | { allow: false, status: 403, message: string }} GateDecision
 */

/**
 * The front door.
 * @param {GateOptions} options
 */
export function createGate(options) {
  const port = () => (typeof options.port === 'function' ? options.port() : options.port);

  /**
   * Who is calling, and whether they may come in.
   * @param {GateInput} input
   * @returns {GateDecision}
   */
  function decide(input) {
    const peer = clientAddress(input.socketAddress, input.headers['x-forwarded-for'], options.trusted);
    if (!peer) return { allow: false, status: 403, message: 'The caller has no IP address.' };
    if (options.loginOff) {
      // Without login, only this machine, and only under a loopback name: the DNS-rebinding defence.
      if (!isLoopbackAddress(input.socketAddress) || !isLoopbackAddress(peer)) {
        return {
          allow: false,
          status: 403,
          message:
            'Login is off (no CONSOLE_USERS), so the console answers callers on this machine only: set up login to use it from elsewhere.',
        };
      }
      if (!isLoopbackHostHeader(input.headers.host, port())) {
        return {
          allow: false,
          status: 403,
          message: `Login is off, so the console answers only requests addressed to it as 127.0.0.1, [::1] or localhost on port ${port()}.`,
        };
      }
    }
    return { allow: true, peer };
  }

  /**
   * Strips what a client may not set, then marks the request as having passed (peer and secret).
   * @param {import('node:http').IncomingMessage} req
   * @param {string} peer
   */
  function mark(req, peer) {
    const fromProxy = options.trusted.contains(req.socket.remoteAddress);
    for (const name of Object.keys(req.headers)) {
      if (name.startsWith('x-console-') || (!fromProxy && FORWARDING_HEADERS.includes(name))) {
        delete req.headers[name];
      }
    }
    req.headers[PEER_HEADER] = peer;
    req.headers[GATE_HEADER] = options.secret;
    // Keep the raw list in step, for anything that reads it instead of `headers`.
    req.rawHeaders = Object.entries(req.headers).flatMap(([k, v]) =>
      Array.isArray(v) ? v.flatMap((x) => [k, x]) : v === undefined ? [] : [k, v],
    );
  }

  /** @param {import('node:http').IncomingMessage} req */
  function inputOf(req) {
    return { socketAddress: req.socket.remoteAddress, headers: req.headers };
  }

  return {
    decide,
    /**
     * True when the request may go on to Next (and has been marked); otherwise it has been answered.
     * @param {import('node:http').IncomingMessage} req
     * @param {import('node:http').ServerResponse} res
     */
    admit(req, res) {
      const decision = decide(inputOf(req));
      if (decision.allow) {
        mark(req, decision.peer);
        return true;
      }
      const body = JSON.stringify({ error: { code: 'forbidden', message: decision.message } });
      res.writeHead(decision.status, {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(body),
        'cache-control': 'no-store',
      });
      res.end(body);
      return false;
    },
    /**
     * The same for an HTTP upgrade (the dev server's hot reload socket).
     * @param {import('node:http').IncomingMessage} req
     * @param {import('node:stream').Duplex} socket
     */
    admitUpgrade(req, socket) {
      const decision = decide(inputOf(req));
      if (decision.allow) {
        mark(req, decision.peer);
        return true;
      }
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return false;
    },
  };
}
