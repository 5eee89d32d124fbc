import { describe, expect, it } from 'vitest';
import { assertSafeBinding, readAuthConfig } from '@/lib/auth/config';
import { clearLoginFailures, loginRetryAfter, recordLoginFailure } from '@/lib/auth/rate-limit';
import { ConfigError } from '@/lib/etcd/config';
import { listenHost } from '@/lib/etcd/startup-check';

const hash = '$2b$10$9y6sjSst3fN1K4NdqLxXYOEnlcKHdweZehI0G7qNN9aPKSQDJSNSC';
const secret = 'x'.repeat(32);

describe('auth configuration', () => {
  it('is off (loopback only) when no users are configured', () => {
    const config = readAuthConfig({});
    expect(config.mode).toBe('none');
    expect(() => assertSafeBinding(config, '127.0.0.1')).not.toThrow();
    expect(() => assertSafeBinding(config, '::1')).not.toThrow();
    expect(() => assertSafeBinding(config, '0.0.0.0')).toThrow(ConfigError);
    expect(() => assertSafeBinding(config, '10.1.2.3')).toThrow(/Refusing to listen/);
  });

  it('turns console login on with users and a session secret', () => {
    const config = readAuthConfig({
      CONSOLE_USERS: JSON.stringify([
        { name: 'ops', passwordHash: hash, role: 'operator', prefixes: ['/config/'] },
      ]),
      CONSOLE_SESSION_SECRET: secret,
    });
    expect(config.mode).toBe('console');
    expect(config.users[0]).toMatchObject({ name: 'ops', role: 'operator', prefixes: ['/config/'] });
    expect(() => assertSafeBinding(config, '0.0.0.0')).not.toThrow();
  });

  it.each([
    [{ CONSOLE_USERS: 'nope', CONSOLE_SESSION_SECRET: secret }, 'CONSOLE_USERS'],
    [
      {
        CONSOLE_USERS: JSON.stringify([{ name: 'a', passwordHash: 'plain', role: 'admin' }]),
        CONSOLE_SESSION_SECRET: secret,
      },
      'bcrypt',
    ],
    [
      {
        CONSOLE_USERS: JSON.stringify([{ name: 'a', passwordHash: hash, role: 'root' }]),
        CONSOLE_SESSION_SECRET: secret,
      },
      'CONSOLE_USERS',
    ],
    [
      { CONSOLE_USERS: JSON.stringify([{ name: 'a', passwordHash: hash, role: 'admin' }]) },
      'CONSOLE_SESSION_SECRET',
    ],
    [{ CONSOLE_AUTH: 'etcd', CONSOLE_SESSION_SECRET: 'short' }, 'CONSOLE_SESSION_SECRET'],
  ])('rejects %j naming %s', (env, text) => {
    expect(() => readAuthConfig(env)).toThrow(text);
  });

  it('reads the listen address from next start -H', () => {
    expect(listenHost(['node', 'next', 'start', '-H', '0.0.0.0'], {})).toBe('0.0.0.0');
    expect(listenHost(['node', 'next', 'start', '--hostname=127.0.0.1'], {})).toBe('127.0.0.1');
    expect(listenHost(['node', 'next', 'start'], {})).toBe('0.0.0.0');
    expect(listenHost(['node', 'x'], { CONSOLE_HOST: '127.0.0.1' })).toBe('127.0.0.1');
  });
});

describe('login rate limit', () => {
  it('locks a user out of one place after 5 failures, until the window passes, and not forever', () => {
    const t0 = 1_000_000;
    for (let i = 0; i < 5; i++) recordLoginFailure('alice', '1.2.3.4', t0 + i);
    expect(loginRetryAfter('alice', '1.2.3.4', t0 + 10)).toBeGreaterThan(0);
    expect(loginRetryAfter('alice', '5.6.7.8', t0 + 10)).toBe(0);
    expect(loginRetryAfter('alice', '1.2.3.4', t0 + 61_000)).toBe(0);
    clearLoginFailures('alice', '1.2.3.4');
  });
});
