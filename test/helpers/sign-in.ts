// Signs in through the real login route, in-process, as a browser that came through the gate; returns the cookie.
import { expect } from 'vitest';
import { gateHeaders } from './gate';

export async function signIn(
  username: string,
  password: string,
  origin = 'http://console.test',
): Promise<string> {
  const { POST } = await import('@/app/api/v1/auth/login/route');
  const res = await POST(
    new Request(`${origin}/api/v1/auth/login`, {
      method: 'POST',
      headers: {
        host: new URL(origin).host,
        origin,
        'content-type': 'application/json',
        ...gateHeaders(),
      },
      body: JSON.stringify({ username, password }),
    }),
    { params: Promise.resolve({}) },
  );
  expect(res.status).toBe(200);
  return res.headers.get('set-cookie')!.split(';')[0]!;
}
