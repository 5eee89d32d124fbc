// CONSOLE_USERS_FILE is read again when it changes: a removed user is out, a demoted one demoted, on their next
// request — no restart, no waiting for the session to expire.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import bcrypt from 'bcryptjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resetConsoleClient, useConsoleEtcd } from '../helpers/console-env';
import { startTestEtcd, type TestEtcd } from '../helpers/etcd';
import { gateHeaders } from '../helpers/gate';
import { signIn } from '../helpers/sign-in';

const ORIGIN = 'http://console.test';

describe('users file reload', () => {
  let etcd: TestEtcd;
  let dir: string;
  let file: string;
  const hash = bcrypt.hashSync('pw', 4);
  const writeUsers = (users: unknown[]) => fs.writeFileSync(file, JSON.stringify(users));

  beforeAll(async () => {
    etcd = await startTestEtcd();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'users-file-'));
    file = path.join(dir, 'users.json');
    writeUsers([
      { name: 'una', passwordHash: hash, role: 'admin' },
      { name: 'dora', passwordHash: hash, role: 'admin' },
    ]);
    useConsoleEtcd(etcd.endpoints, {
      CONSOLE_USERS_FILE: file,
      CONSOLE_SESSION_SECRET: 'users-file-reload-secret-0123456789abcdef',
    });
    (await import('@/lib/auth/auth-config')).resetAuthConfig();
  });

  afterAll(async () => {
    resetConsoleClient();
    delete process.env.CONSOLE_USERS_FILE;
    delete process.env.CONSOLE_SESSION_SECRET;
    (await import('@/lib/auth/auth-config')).resetAuthConfig();
    await etcd?.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const login = (username: string) => signIn(username, 'pw', ORIGIN);

  async function me(cookie: string) {
    const { GET } = await import('@/app/api/v1/auth/me/route');
    const res = await GET(
      new Request(`${ORIGIN}/api/v1/auth/me`, { headers: { cookie, ...gateHeaders() } }),
      {
        params: Promise.resolve({}),
      },
    );
    return { status: res.status, body: await res.json() };
  }

  it('signs a removed user out and demotes a demoted one on their next request', async () => {
    const una = await login('una');
    const dora = await login('dora');
    expect((await me(una)).body.user.role).toBe('admin');
    writeUsers([{ name: 'dora', passwordHash: hash, role: 'viewer', prefixes: ['/config/'] }]);
    await new Promise((r) => setTimeout(r, 1100));
    expect((await me(una)).status).toBe(401);
    expect((await me(dora)).body.user).toMatchObject({ role: 'viewer', prefixes: ['/config/'] });
  });

  it('keeps the last good users when the file is broken', async () => {
    const dora = await login('dora');
    fs.writeFileSync(file, '{ not json');
    await new Promise((r) => setTimeout(r, 1100));
    expect((await me(dora)).body.user.role).toBe('viewer');
  });
});
