// Binary prefixes on a real etcd, the way the Keys tree opens them: a child whose name is not UTF-8 comes back with
// its prefix in base64, and that prefix, passed back with prefixEncoding=base64, lists its children and keys byte
// for byte; a scoped viewer sees none of it outside its scope. And a Kubernetes value read through the item route
// decodes from the exact bytes it was written with.
import bcrypt from 'bcryptjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { valueBytes } from '@/lib/values/item-bytes';
import { recognizeValue } from '@/lib/values/recognize';
import { resetConsoleClient, useConsoleEtcd } from '../helpers/console-env';
import { startTestEtcd, type TestEtcd } from '../helpers/etcd';
import { podValue } from '../helpers/protobuf-encoder';

const ORIGIN = 'http://console.test';
const SECRET = 'binary-prefix-test-session-secret-0123456789';
type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
type Child = {
  name: string;
  key: string;
  prefix?: string;
  encoding?: 'base64';
  isLeaf: boolean;
  hasChildren: boolean;
};

let etcd: TestEtcd;
const routes: Record<'children' | 'list' | 'item', Handler> = {} as never;
const auth: Record<'ada' | 'vic', Record<string, string>> = { ada: {}, vic: {} };

const b = (...parts: Array<string | number[] | Buffer>) =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : Buffer.from(p))));
const BIN = b('/bin/', [0xff, 0x00, 0xc3]);

async function get(route: Handler, path: string, query: Record<string, string>, who = auth.ada) {
  const url = new URL(`${ORIGIN}/api/v1${path}`);
  for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
  const res = await route(new Request(url, { headers: { host: 'console.test', ...who } }), {
    params: Promise.resolve({}),
  });
  const text = await res.text();
  // biome-ignore lint/suspicious/noExplicitAny: tests read whatever JSON the route answered
  return { status: res.status, text, body: JSON.parse(text) as any };
}

const children = (prefix: string, prefixEncoding: 'utf8' | 'base64', who = auth.ada) =>
  get(routes.children, '/kv/children', { prefix, prefixEncoding }, who);

beforeAll(async () => {
  etcd = await startTestEtcd();
  useConsoleEtcd(etcd.endpoints, {
    CONSOLE_SESSION_SECRET: SECRET,
    CONSOLE_USERS: JSON.stringify([
      { name: 'ada', passwordHash: bcrypt.hashSync('pw', 4), role: 'admin' },
      { name: 'vic', passwordHash: bcrypt.hashSync('pw', 4), role: 'viewer', prefixes: ['/team/'] },
    ]),
  });
  (await import('@/lib/auth/auth-config')).resetAuthConfig();
  routes.children = (await import('@/app/api/v1/kv/children/route')).GET;
  routes.list = (await import('@/app/api/v1/kv/route')).GET;
  routes.item = (await import('@/app/api/v1/kv/item/route')).GET;
  const login = (await import('@/app/api/v1/auth/login/route')).POST;
  for (const name of ['ada', 'vic'] as const) {
    const res = await login(
      new Request(`${ORIGIN}/api/v1/auth/login`, {
        method: 'POST',
        headers: { host: 'console.test', origin: ORIGIN, 'content-type': 'application/json' },
        body: JSON.stringify({ username: name, password: 'pw' }),
      }),
      { params: Promise.resolve({}) },
    );
    expect(res.status).toBe(200);
    auth[name] = { cookie: res.headers.get('set-cookie')!.split(';')[0]! };
  }
  for (const key of [
    b(BIN, '/a'),
    b(BIN, '/sub/c'),
    b(BIN, '/sub/', [0xfe]),
    b('/bin/plain'),
    b('/team/', [0x80], '/x'),
  ])
    await etcd.client.put(key).value('v');
});

afterAll(async () => {
  resetConsoleClient();
  await etcd?.destroy();
});

describe('binary prefixes', () => {
  it('opens a prefix whose bytes are not UTF-8, level by level, from the base64 prefix the parent gave', async () => {
    const top = await children('/bin/', 'utf8');
    expect(top.status).toBe(200);
    const binary = top.body.children.find((c: Child) => c.encoding === 'base64') as Child;
    expect(binary).toMatchObject({ isLeaf: false, hasChildren: true });
    expect(Buffer.from(binary.prefix!, 'base64').equals(b(BIN, '/'))).toBe(true);

    const level = await children(binary.prefix!, 'base64');
    expect(level.status).toBe(200);
    const names = level.body.children.map((c: Child) => Buffer.from(c.name, 'base64').toString('latin1'));
    expect(names).toEqual(['a', 'sub']);
    const sub = level.body.children[1] as Child;
    expect(sub).toMatchObject({ encoding: 'base64', isLeaf: false, hasChildren: true });

    const deeper = await children(sub.prefix!, 'base64');
    const keys = deeper.body.children.map((c: Child) => Buffer.from(c.key, 'base64'));
    expect(keys.map((k: Buffer) => k.toString('hex'))).toEqual(
      [b(BIN, '/sub/c'), b(BIN, '/sub/', [0xfe])].map((k) => k.toString('hex')),
    );
  });

  it('lists the keys under a binary prefix, byte for byte', async () => {
    const list = await get(routes.list, '/kv', {
      prefix: b(BIN, '/').toString('base64'),
      prefixEncoding: 'base64',
      keysOnly: 'true',
    });
    expect(list.status).toBe(200);
    expect(list.body.items.map((i: { key: string }) => Buffer.from(i.key, 'base64').toString('hex'))).toEqual(
      [b(BIN, '/a'), b(BIN, '/sub/c'), b(BIN, '/sub/', [0xfe])].map((k) => k.toString('hex')),
    );
  });

  it.each([
    ['children', '/kv/children'],
    ['list', '/kv'],
  ] as const)('answers 400 to a malformed base64 prefix (%s)', async (name, path) => {
    const res = await get(routes[name], path, { prefix: '***', prefixEncoding: 'base64' });
    expect(res.status).toBe(400);
  });

  it('shows a scoped viewer binary prefixes inside its scope and nothing of those outside', async () => {
    const inside = await children('/team/', 'utf8', auth.vic);
    expect(inside.status).toBe(200);
    const child = inside.body.children[0] as Child;
    expect(child?.encoding).toBe('base64');
    const opened = await children(child.prefix!, 'base64', auth.vic);
    expect(opened.body.children.map((c: Child) => Buffer.from(c.name, 'base64').toString())).toEqual(['x']);

    const outside = await children(b(BIN, '/').toString('base64'), 'base64', auth.vic);
    expect(outside.body.children ?? []).toEqual([]);
    for (const key of [b(BIN, '/a'), b(BIN, '/sub/')])
      expect(outside.text).not.toContain(key.toString('base64'));
  });
});

describe('Kubernetes values through the item route', () => {
  it('decodes kind, name, namespace and labels from the bytes the API returns', async () => {
    const pod = podValue({
      name: 'web-0',
      namespace: 'default',
      uid: 'u-1',
      createdSeconds: 1_767_225_600,
      labels: { app: 'web' },
      image: 'nginx:1.27',
      nodeName: 'node-a',
    });
    await etcd.client.put('/registry/pods/default/web-0').value(Buffer.from(pod));
    const res = await get(routes.item, '/kv/item', { key: '/registry/pods/default/web-0' });
    expect(res.status).toBe(200);
    expect(Array.from(valueBytes(res.body.item))).toEqual(Array.from(pod));
    const value = recognizeValue(valueBytes(res.body.item));
    expect(value.kind === 'kubernetes' && value.object.meta).toMatchObject({
      kind: 'Pod',
      name: 'web-0',
      namespace: 'default',
      labels: { app: 'web' },
    });
  });
});
