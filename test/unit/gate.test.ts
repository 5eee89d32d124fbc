// The front door's decisions (server/gate.mjs), and the settings the console refuses to start with.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { assertSafeBinding, EXAMPLE_SESSION_SECRET, readAuthConfig } from '@/lib/auth/config';
import {
  MAX_TRACKED,
  readLoginLimits,
  recordLoginFailure,
  resetLoginLimits,
  trackedLoginFailures,
} from '@/lib/auth/rate-limit';
import { safeNextPath } from '@/lib/auth/safe-next-path';
import { ConfigError } from '@/lib/etcd/config';
import {
  assertSafeListenHost,
  clientAddress,
  createGate,
  GateConfigError,
  isLoopbackListenHost,
  loginIsOff,
  parseTrustedProxies,
} from '@/server/gate.mjs';

const root = path.resolve(import.meta.dirname, '../..');
const noProxies = parseTrustedProxies('');

type Case = {
  name: string;
  socket: string;
  host?: string;
  xff?: string;
  loginOff?: boolean;
  proxies?: string;
  /** The peer the gate records, or null for a 403. */
  expected: string | null;
};

const cases: Case[] = [
  {
    name: 'loopback peer, loopback Host',
    socket: '127.0.0.1',
    host: '127.0.0.1:3000',
    expected: '127.0.0.1',
  },
  { name: 'localhost Host', socket: '127.0.0.1', host: 'localhost:3000', expected: '127.0.0.1' },
  { name: 'any 127.x', socket: '127.0.0.2', host: '127.9.9.9:3000', expected: '127.0.0.2' },
  { name: 'IPv6 loopback', socket: '::1', host: '[::1]:3000', expected: '::1' },
  { name: 'IPv4-mapped loopback', socket: '::ffff:127.0.0.1', host: '127.0.0.1:3000', expected: '127.0.0.1' },
  { name: 'DNS rebinding Host', socket: '127.0.0.1', host: 'a.rebind.test:3000', expected: null },
  { name: 'loopback name, another port', socket: '127.0.0.1', host: '127.0.0.1:4000', expected: null },
  { name: 'loopback name, no port', socket: '127.0.0.1', host: 'localhost', expected: null },
  {
    name: 'a name that starts like loopback',
    socket: '127.0.0.1',
    host: '127.evil.test:3000',
    expected: null,
  },
  { name: 'user info in Host', socket: '127.0.0.1', host: 'evil@127.0.0.1:3000', expected: null },
  { name: 'no Host', socket: '127.0.0.1', expected: null },
  { name: 'LAN peer', socket: '10.1.2.3', host: '127.0.0.1:3000', expected: null },
  { name: 'public IPv6 peer', socket: '2001:db8::1', host: '[::1]:3000', expected: null },
  {
    name: 'spoofed XFF from an untrusted peer is ignored',
    socket: '10.1.2.3',
    host: 'console.example:3000',
    xff: '127.0.0.1',
    loginOff: false,
    expected: '10.1.2.3',
  },
  {
    name: 'spoofed XFF from loopback (no trusted proxies) is ignored',
    socket: '127.0.0.1',
    host: '127.0.0.1:3000',
    xff: '198.51.100.7',
    expected: '127.0.0.1',
  },
  {
    name: 'trusted proxy: right-most untrusted XFF address',
    socket: '10.0.0.5',
    host: 'console.example',
    xff: '127.0.0.1, 198.51.100.7, 10.0.0.9',
    proxies: '10.0.0.0/8',
    loginOff: false,
    expected: '198.51.100.7',
  },
  {
    name: 'trusted proxy, XFF with ports and brackets',
    socket: '10.0.0.5',
    host: 'console.example',
    xff: '[2001:db8::7]:5000, 198.51.100.7:4444',
    proxies: '10.0.0.5',
    loginOff: false,
    expected: '198.51.100.7',
  },
  {
    name: 'trusted proxy, malformed entry: stop at the last trusted hop',
    socket: '10.0.0.5',
    host: 'console.example',
    xff: '198.51.100.7, not-an-ip',
    proxies: '10.0.0.5',
    loginOff: false,
    expected: '10.0.0.5',
  },
  {
    name: 'trusted proxy with login off: the client it names must be loopback too',
    socket: '127.0.0.1',
    host: '127.0.0.1:3000',
    xff: '198.51.100.7',
    proxies: '127.0.0.1',
    expected: null,
  },
  {
    name: 'login on: any Host, any peer',
    socket: '198.51.100.7',
    host: 'a.rebind.test:3000',
    loginOff: false,
    expected: '198.51.100.7',
  },
];

describe('the front door (server/gate.mjs)', () => {
  it.each(cases)('$name', (c) => {
    const gate = createGate({
      secret: 's',
      loginOff: c.loginOff ?? true,
      trusted: c.proxies ? parseTrustedProxies(c.proxies) : noProxies,
      port: 3000,
    });
    const headers = { ...(c.host ? { host: c.host } : {}), ...(c.xff ? { 'x-forwarded-for': c.xff } : {}) };
    const decision = gate.decide({ socketAddress: c.socket, headers });
    if (c.expected === null) {
      expect(decision).toMatchObject({ allow: false, status: 403 });
    } else {
      expect(decision).toEqual({ allow: true, peer: c.expected });
    }
  });

  it('finds the client behind a chain of trusted proxies', () => {
    const trusted = parseTrustedProxies('10.0.0.0/8, fd00::/8');
    expect(clientAddress('10.0.0.1', '203.0.113.4, 10.2.2.2, fd00::1', trusted)).toBe('203.0.113.4');
    expect(clientAddress('10.0.0.1', '10.9.9.9', trusted)).toBe('10.9.9.9');
    expect(clientAddress('10.0.0.1', undefined, trusted)).toBe('10.0.0.1');
    expect(clientAddress('::ffff:10.0.0.1', '203.0.113.4', trusted)).toBe('203.0.113.4');
    expect(clientAddress('203.0.113.9', '10.0.0.1', trusted)).toBe('203.0.113.9');
  });

  it.each(['nope', '10.0.0.0/33', '10.0.0.1/8/1', '::1/129', '10.0.0.0/-1', '10.0.0.0/', '*'])(
    'refuses CONSOLE_TRUSTED_PROXIES=%s',
    (value) => {
      expect(() => parseTrustedProxies(value)).toThrow(/CONSOLE_TRUSTED_PROXIES/);
    },
  );

  it('knows when login is off, as lib/auth/config.ts reads it', () => {
    expect(loginIsOff({})).toBe(true);
    expect(loginIsOff({ CONSOLE_AUTH: 'none', CONSOLE_USERS: '[]' })).toBe(true);
    expect(loginIsOff({ CONSOLE_USERS: '[{}]' })).toBe(false);
    expect(loginIsOff({ CONSOLE_USERS_FILE: '/etc/users.json' })).toBe(false);
    expect(loginIsOff({ CONSOLE_AUTH: 'etcd' })).toBe(false);
  });
});

describe('start-up refusals', () => {
  const loopback = ['127.0.0.1', '127.8.8.8', 'localhost', 'LOCALHOST', '::1', '[::1]', '::ffff:127.0.0.1'];
  const notLoopback = [
    '0.0.0.0',
    '::',
    '[::]',
    '0',
    '',
    '10.1.2.3',
    '192.168.0.10',
    'fe80::1',
    'console.example',
    '127.evil.test',
    'localhost.evil.test',
    '127.1',
  ];

  it.each(loopback)('listens on %s without login', (host) => {
    expect(isLoopbackListenHost(host)).toBe(true);
    expect(() => assertSafeListenHost(true, host)).not.toThrow();
    expect(() => assertSafeBinding(readAuthConfig({}), host)).not.toThrow();
  });

  it.each(notLoopback)('refuses to listen on %j without login (and allows it with login)', (host) => {
    expect(() => assertSafeListenHost(true, host)).toThrow(GateConfigError);
    expect(() => assertSafeListenHost(false, host)).not.toThrow();
    // The app's own check (instrumentation.ts) agrees.
    expect(() => assertSafeBinding(readAuthConfig({}), host)).toThrow(/Refusing to listen/);
  });

  it('server.mjs exits with one line, before loading Next, for a non-loopback host or bad proxies', () => {
    const env = { PATH: process.env.PATH ?? '', NODE_ENV: 'production' } as NodeJS.ProcessEnv;
    for (const args of [
      ['-H', '0.0.0.0'],
      ['-H', '::'],
      ['-H', '0'],
      ['-H', '192.168.1.20'],
    ]) {
      const run = spawnSync(process.execPath, ['server.mjs', '-p', '0', ...args], {
        cwd: root,
        env,
        encoding: 'utf8',
      });
      expect(run.status, args.join(' ')).toBe(1);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
      expect(run.stderr).toMatch(/Refusing to listen/);
    }
    const proxies = spawnSync(process.execPath, ['server.mjs', '-p', '0'], {
      cwd: root,
      env: { ...env, CONSOLE_TRUSTED_PROXIES: '10.0.0.0/99' },
      encoding: 'utf8',
    });
    expect(proxies.status).toBe(1);
    expect(proxies.stderr.trim()).toMatch(/^Invalid configuration: CONSOLE_TRUSTED_PROXIES: /);
  });

  it('refuses the published example session secret', () => {
    const users = JSON.stringify([
      {
        name: 'a',
        passwordHash: '$2b$10$9y6sjSst3fN1K4NdqLxXYOEnlcKHdweZehI0G7qNN9aPKSQDJSNSC',
        role: 'admin',
      },
    ]);
    expect(() =>
      readAuthConfig({ CONSOLE_USERS: users, CONSOLE_SESSION_SECRET: EXAMPLE_SESSION_SECRET }),
    ).toThrow(/CONSOLE_SESSION_SECRET/);
  });

  it.each([
    [{ LOGIN_WINDOW_MS: 'soon' }, 'LOGIN_WINDOW_MS'],
    [{ LOGIN_WINDOW_MS: '-5' }, 'LOGIN_WINDOW_MS'],
    [{ LOGIN_MAX_FAILURES: '0' }, 'LOGIN_MAX_FAILURES'],
    [{ LOGIN_MAX_FAILURES: '2.5' }, 'LOGIN_MAX_FAILURES'],
  ])('refuses %j naming %s', (env, variable) => {
    expect(() => readLoginLimits(env)).toThrow(ConfigError);
    expect(() => readLoginLimits(env)).toThrow(variable);
  });

  it('reads the login limits, with defaults', () => {
    expect(readLoginLimits({})).toEqual({ windowMs: 60_000, maxFailures: 5 });
    expect(readLoginLimits({ LOGIN_WINDOW_MS: '1500', LOGIN_MAX_FAILURES: '3' })).toEqual({
      windowMs: 1500,
      maxFailures: 3,
    });
  });

  it('holds at most MAX_TRACKED user+address entries', () => {
    resetLoginLimits();
    const now = Date.now();
    for (let i = 0; i <= MAX_TRACKED + 50; i++) recordLoginFailure(`user${i}`, '198.51.100.1', now);
    expect(trackedLoginFailures()).toBe(MAX_TRACKED);
    resetLoginLimits();
  });
});

describe('where to go after signing in', () => {
  it.each([
    ['/keys', '/keys'],
    ['/keys?prefix=%2Fconfig%2F#x', '/keys?prefix=%2Fconfig%2F#x'],
    ['/', '/'],
    [null, '/'],
    ['', '/'],
    ['//evil.example/', '/'],
    ['/\\evil.example', '/'],
    ['/\t/evil.example', '/'],
    ['https://evil.example/', '/'],
    ['javascript:alert(1)', '/'],
    ['keys', '/'],
    ['/%2F%2Fevil.example', '/%2F%2Fevil.example'],
  ])('%j → %j', (next, expected) => {
    expect(safeNextPath(next)).toBe(expected);
  });
});
