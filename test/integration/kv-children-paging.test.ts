// Paged children on a real etcd: every layout pages to exactly the children one full read finds, in byte order of
// their names and at one revision; a scoped viewer sees only its scope; and a page costs a bounded number of etcd
// calls and walks a bounded number of keys, whatever the fan-out.
import { randomBytes } from 'node:crypto';
import bcrypt from 'bcryptjs';
import type { ITxnRequest } from 'etcd3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resetConsoleClient, useConsoleEtcd } from '../helpers/console-env';
import { startTestEtcd, type TestEtcd } from '../helpers/etcd';
import { etcdCallCounts } from '../helpers/etcd-calls';
import { fillKeys } from '../helpers/kv-fill';

const NS = '/ns';
const ORIGIN = 'http://console.test';
const SECRET = 'children-paging-test-session-secret-0123456789';

type Child = {
  name: string;
  key: string;
  prefix?: string;
  encoding?: 'base64';
  isLeaf: boolean;
  hasChildren: boolean;
};
type Page = {
  children: Child[];
  revision: number;
  nextCursor: string | null;
  truncated: boolean;
  selfIsKey: boolean;
};
type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
/** A child as bytes: what the API's name means, whatever its encoding. */
type Found = { name: string; leaf: boolean; dir: boolean };

let etcd: TestEtcd;
let childrenRoute: Handler;
const auth: Record<'ada' | 'vic', Record<string, string>> = { ada: {}, vic: {} };

const b = (...parts: Array<string | number[]>) =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : Buffer.from(p))));

function prefixEnd(prefix: Buffer): Buffer {
  const end = Buffer.from(prefix);
  for (let i = end.length - 1; i >= 0; i--) {
    if (end[i]! < 0xff) {
      end[i] = end[i]! + 1;
      return end.subarray(0, i + 1);
    }
  }
  return Buffer.from([0]);
}

async function get(query: Record<string, string>, who = auth.ada) {
  const url = new URL(`${ORIGIN}/api/v1/kv/children`);
  for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
  const res = await childrenRoute(new Request(url, { headers: { host: 'console.test', ...who } }), {
    params: Promise.resolve({}),
  });
  const text = await res.text();
  return { status: res.status, text, body: JSON.parse(text) as Page };
}

const asFound = (c: Child): Found => ({
  name: Buffer.from(c.name, c.encoding === 'base64' ? 'base64' : 'utf8').toString('hex'),
  leaf: c.isLeaf,
  dir: c.hasChildren,
});

/** Every page of a listing, checking each page's shape and that all share the first page's revision. */
async function listAll(prefix: Buffer, limit: number, delimiter = '/', who = auth.ada) {
  const found: Found[] = [];
  let cursor: string | null = null;
  let revision: number | null = null;
  let selfIsKey = false;
  let pages = 0;
  do {
    const query: Record<string, string> = {
      prefix: prefix.toString('base64'),
      prefixEncoding: 'base64',
      limit: String(limit),
      delimiter,
    };
    if (cursor) query.cursor = cursor;
    const { status, body } = await get(query, who);
    expect(status).toBe(200);
    revision ??= body.revision;
    expect(body.revision).toBe(revision);
    expect(body.children.length).toBeLessThanOrEqual(limit);
    expect(body.truncated).toBe(body.nextCursor !== null);
    if (body.nextCursor !== null) expect(body.children.length).toBe(limit);
    if (pages === 0) selfIsKey = body.selfIsKey;
    else expect(body.selfIsKey).toBe(selfIsKey);
    found.push(...body.children.map(asFound));
    cursor = body.nextCursor;
    pages++;
  } while (cursor);
  return { found, revision: revision!, selfIsKey, pages };
}

/** The children one full read of every key under the prefix finds, at a revision, in byte order of names. */
async function reference(prefix: Buffer, revision: number, delimiter = '/') {
  const start = b(NS, [...prefix]);
  const res = await etcd.client.kv.range({
    key: start,
    range_end: prefixEnd(start),
    keys_only: true,
    revision: String(revision),
  });
  const d = Buffer.from(delimiter);
  const byName = new Map<string, Found>();
  let selfIsKey = false;
  for (const kv of res.kvs) {
    const rest = kv.key.subarray(start.length);
    if (rest.length === 0) {
      selfIsKey = true;
      continue;
    }
    const at = rest.indexOf(d);
    const name = (at === -1 ? rest : rest.subarray(0, at)).toString('hex');
    const entry = byName.get(name) ?? { name, leaf: false, dir: false };
    if (at === -1) entry.leaf = true;
    else entry.dir = true;
    byName.set(name, entry);
  }
  const found = [...byName.values()].sort((x, y) =>
    Buffer.compare(Buffer.from(x.name, 'hex'), Buffer.from(y.name, 'hex')),
  );
  return { found, selfIsKey };
}

async function put(...keys: Buffer[]) {
  for (const key of keys) await etcd.client.put(b(NS, [...key])).value('v');
}

const uuidish = () => {
  const h = randomBytes(16).toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16)}`;
};

beforeAll(async () => {
  etcd = await startTestEtcd();
  useConsoleEtcd(etcd.endpoints, {
    ETCD_PREFIX: NS,
    CONSOLE_SESSION_SECRET: SECRET,
    CONSOLE_USERS: JSON.stringify([
      { name: 'ada', passwordHash: bcrypt.hashSync('pw', 4), role: 'admin' },
      { name: 'vic', passwordHash: bcrypt.hashSync('pw', 4), role: 'viewer', prefixes: ['/a/x/'] },
    ]),
  });
  (await import('@/lib/auth/auth-config')).resetAuthConfig();
  childrenRoute = (await import('@/app/api/v1/kv/children/route')).GET;
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

  // Keys with and without delimiters, a child that is both a key and a prefix, names that sort before the
  // delimiter ("a-b" before "a/"), an empty name, 0xff bytes, the prefix's own key.
  await put(
    b('/mix/'),
    b('/mix/a'),
    b('/mix/a/b'),
    b('/mix/a/'),
    b('/mix/a-b'),
    b('/mix/a.c/d'),
    b('/mix/b/c/d'),
    b('/mix/b0'),
    b('/mix//x'),
    b('/mix//'),
    b('/mix/ sp'),
    b('/mix/!x/y'),
    b('/mix/svc/x'),
    b('/mix/svc-a'),
    b('/mix/svc-a/b'),
    b('/mix/svc.b'),
    b('/mix/svc-'),
    b('/mix/', [0xff]),
    b('/mix/', [0xff, 0xff, 0x01], '/z'),
    b('/mix/', [0xfe, 0xff]),
    b('/mix/', [0xff, 0xff], '/'),
    b('/mix/', [0x00]),
    b('/mix/', [0x00, 0x2f, 0x01]),
    b('/mix/zz/1/2/3'),
    // A multi-byte delimiter.
    b('/md/a::b'),
    b('/md/a:'),
    b('/md/a:::c'),
    b('/md/a'),
    b('/md/b::'),
    b('/md/:x'),
    b('/md/a:b::c'),
    b('/md/::'),
    // Keys outside any "/" tree, for the empty prefix.
    b('top-a'),
    b('top-b/c'),
    b([0xff, 0x00]),
    // The scoped viewer's world.
    b('/a/x/1'),
    b('/a/x/2/3'),
    b('/a/y/1'),
    b('/a/xz'),
    b('/b/1'),
  );
  const keys: string[] = [];
  for (let i = 0; i < 250; i++) for (let j = 0; j < 3; j++) keys.push(`${NS}/num/c${i}/k${j}`);
  keys.push(`${NS}/num/c5`, `${NS}/num/c17`);
  for (let i = 0; i < 250; i++) keys.push(`${NS}/flat/k${String(i).padStart(7, '0')}`);
  for (let i = 0; i < 120; i++) {
    const id = uuidish();
    keys.push(`${NS}/uu/${id}/1`, `${NS}/uu/${id}/2`);
  }
  for (let i = 0; i < 40; i++) keys.push(`${NS}/uu/svc-${i % 7}-x${i}`, `${NS}/uu/svc-${i % 7}/y${i}`);
  await fillKeys(etcd.client, keys);
}, 120_000);

afterAll(async () => {
  resetConsoleClient();
  await etcd?.destroy();
});

describe('paged children on a real etcd', () => {
  // Every page size down to one child a page; the wide layouts from two (hundreds of pages otherwise).
  const small = [1, 2, 3, 7, 1000];
  const wide = [2, 7, 1000];
  const layouts: Array<[string, Buffer, string, number[]]> = [
    ['mixed names, 0xff bytes, an empty name', b('/mix/'), '/', small],
    ['numbered children, some also keys', b('/num/'), '/', wide],
    ['leaves only', b('/flat/'), '/', wide],
    ['random ids and names with "-" before the delimiter', b('/uu/'), '/', wide],
    ['a multi-byte delimiter', b('/md/'), '::', small],
    ['the prefix "/"', b('/'), '/', small],
    ['the empty prefix', b(''), '/', small],
    ['a prefix ending in 0xff', b('/mix/', [0xff]), '/', small],
  ];
  for (const [what, prefix, delimiter, limits] of layouts) {
    it(`pages exactly what a full read finds: ${what}`, async () => {
      for (const limit of limits) {
        const listed = await listAll(prefix, limit, delimiter);
        const want = await reference(prefix, listed.revision, delimiter);
        expect(listed.found, `limit ${limit}`).toEqual(want.found);
        expect(listed.selfIsKey).toBe(want.selfIsKey);
        expect(listed.pages).toBe(Math.max(1, Math.ceil(want.found.length / limit)));
      }
    }, 60_000);
  }

  it('spells children as before: keys, prefixes, base64 for binary names', async () => {
    const { body } = await get({ prefix: '/mix/', limit: '1000' });
    const by = (name: string) => body.children.find((c) => c.name === name);
    expect(by('a')).toEqual({ name: 'a', key: '/mix/a', prefix: '/mix/a/', isLeaf: true, hasChildren: true });
    expect(by('a-b')).toEqual({ name: 'a-b', key: '/mix/a-b', isLeaf: true, hasChildren: false });
    expect(by('')).toEqual({ name: '', key: '/mix//', prefix: '/mix//', isLeaf: false, hasChildren: true });
    expect(body.selfIsKey).toBe(true);
    const ff = body.children.find(
      (c) => c.encoding === 'base64' && c.name === Buffer.from([0xff]).toString('base64'),
    );
    expect(ff).toMatchObject({
      isLeaf: true,
      hasChildren: false,
      key: b('/mix/', [0xff]).toString('base64'),
    });
    // The first page of the root: 100 by default.
    const root = await get({ prefix: '/num/' });
    expect(root.body.children).toHaveLength(100);
    expect(root.body.nextCursor).not.toBeNull();
  });

  it('reads every page at the first page’s revision: writes between pages neither shift nor repeat', async () => {
    const first = await get({ prefix: '/num/', limit: '10' });
    const revision = first.body.revision;
    const seen = first.body.children.map((c) => c.name);
    // A child sorting before the cursor, one after it, and a child taken away.
    await put(b('/num/a'), b('/num/c99x/1'));
    await etcd.client.delete().prefix(`${NS}/num/c200/`);
    let cursor = first.body.nextCursor;
    while (cursor) {
      const next = await get({ prefix: '/num/', limit: '10', cursor });
      expect(next.body.revision).toBe(revision);
      seen.push(...next.body.children.map((c) => c.name));
      cursor = next.body.nextCursor;
    }
    const want = await reference(b('/num/'), revision);
    expect(seen).toEqual(want.found.map((f) => Buffer.from(f.name, 'hex').toString()));
    expect(seen).toContain('c200');
    expect(seen).not.toContain('c99x');
    expect(new Set(seen).size).toBe(seen.length);
    // A new listing sees the writes.
    const now = await listAll(b('/num/'), 1000);
    const names = now.found.map((f) => Buffer.from(f.name, 'hex').toString());
    expect(names).toEqual(expect.arrayContaining(['a', 'c99x']));
    expect(names).not.toContain('c200');
  });

  it('a cursor from another listing is refused', async () => {
    const first = await get({ prefix: '/num/', limit: '5' });
    const other = await get({ prefix: '/flat/', limit: '5', cursor: first.body.nextCursor! });
    expect(other.status).toBe(400);
    const bad = await get({ prefix: '/num/', cursor: 'not-a-cursor' });
    expect(bad.status).toBe(400);
    const big = await get({ prefix: '/num/', limit: '1001' });
    expect(big.status).toBe(400);
  });

  it('a scoped viewer sees only the children inside its scope, on every page', async () => {
    const root = await listAll(b('/'), 1, '/', auth.vic);
    expect(root.found).toEqual([{ name: Buffer.from('a').toString('hex'), leaf: false, dir: true }]);
    const a = await listAll(b('/a/'), 1, '/', auth.vic);
    expect(a.found).toEqual([{ name: Buffer.from('x').toString('hex'), leaf: false, dir: true }]);
    const x = await listAll(b('/a/x/'), 1, '/', auth.vic);
    expect(x.found.map((f) => Buffer.from(f.name, 'hex').toString())).toEqual(['1', '2']);
    // Nothing outside leaks, not in names, keys or cursors.
    for (const prefix of ['/', '/a/', '']) {
      const { status, text } = await get({ prefix, limit: '1' }, auth.vic);
      expect(status).toBe(200);
      for (const word of ['"y"', 'xz', 'mix', 'num', '"b"', 'top-']) expect(text).not.toContain(word);
    }
    // The admin sees the rest.
    const all = await listAll(b('/a/'), 1000);
    expect(all.found.map((f) => Buffer.from(f.name, 'hex').toString())).toEqual(['x', 'xz', 'y']);
  });

  it('a page of 100 among 1,000 children × 20 keys makes few etcd calls and walks a bounded window', async () => {
    const keys: string[] = [];
    for (let i = 0; i < 20_000; i++) keys.push(`${NS}/cc/c${i % 1000}/k${String(i).padStart(6, '0')}`);
    await fillKeys(etcd.client, keys);
    // Count the console's etcd calls (its call metric) and the keys etcd counted to answer them.
    const calls = async () => {
      const counts = await etcdCallCounts();
      return (counts.Txn ?? 0) + (counts.Range ?? 0);
    };
    await get({ prefix: '/cc/', limit: '1' }); // the console's client exists from here on
    const { etcdSystemClient } = await import('@/lib/etcd/client');
    const kv = etcdSystemClient().kv;
    const txn = kv.txn.bind(kv);
    let walked = 0;
    let txns = 0;
    let widest = 0;
    kv.txn = async (req: ITxnRequest) => {
      const res = await txn(req);
      txns++;
      for (const r of res.responses) {
        const count = Number(r.response_range?.count ?? 0);
        walked += count;
        widest = Math.max(widest, count);
      }
      return res;
    };
    try {
      const before = await calls();
      const page = await get({ prefix: '/cc/', limit: '100' });
      const made = (await calls()) - before;
      expect(page.status).toBe(200);
      expect(page.body.children).toHaveLength(100);
      expect(page.body.nextCursor).not.toBeNull();
      const want = await reference(b('/cc/'), page.body.revision);
      expect(page.body.children.map(asFound)).toEqual(want.found.slice(0, 100));
      // A skip-scan makes 101 reads from each child to the end of the prefix for this page, and etcd counts about
      // 1.9 million keys to answer them; the search makes a few transactions over ranges near those children.
      expect(made).toBeLessThanOrEqual(12);
      expect(txns).toBeLessThanOrEqual(12);
      expect(walked).toBeLessThanOrEqual(3 * 20_000);
      // Only the first read of a first page covers the whole prefix; the next page reads from where it stopped.
      const firstPage = walked;
      const second = await get({ prefix: '/cc/', limit: '100', cursor: page.body.nextCursor! });
      expect(second.status).toBe(200);
      expect(second.body.children[0]!.name > page.body.children[99]!.name).toBe(true);
      expect(walked - firstPage).toBeLessThanOrEqual(2 * 20_000);
      expect(widest).toBeLessThanOrEqual(20_000);
      console.info(
        `first page: ${made} etcd calls, ${firstPage} keys counted; second: ${walked - firstPage}`,
      );
    } finally {
      kv.txn = txn;
    }
  }, 60_000);
});
