import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resetConsoleClient, routeContext, useConsoleEtcd } from '../helpers/console-env';
import { startTestEtcd, type TestEtcd } from '../helpers/etcd';
import { fillKeys } from '../helpers/kv-fill';

type Routes = {
  list: typeof import('@/app/api/v1/kv/route');
  children: typeof import('@/app/api/v1/kv/children/route');
  item: typeof import('@/app/api/v1/kv/item/route');
  history: typeof import('@/app/api/v1/kv/history/route');
  diff: typeof import('@/app/api/v1/kv/diff/route');
  imp: typeof import('@/app/api/v1/kv/import/route');
};

const base = 'http://console/api/v1';
const json = (body: unknown) => ({
  method: 'PUT',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

describe('key-value API on a real etcd', () => {
  let etcd: TestEtcd;
  let r: Routes;

  async function get(
    handler: (req: Request, ctx: ReturnType<typeof routeContext>) => Promise<Response>,
    url: string,
  ) {
    const res = await handler(new Request(`${base}${url}`), routeContext());
    return { status: res.status, body: await res.json() };
  }
  async function put(body: unknown) {
    const res = await r.item.PUT(new Request(`${base}/kv/item`, json(body)), routeContext());
    return { status: res.status, body: await res.json() };
  }

  beforeAll(async () => {
    etcd = await startTestEtcd();
    useConsoleEtcd(etcd.endpoints);
    r = {
      list: await import('@/app/api/v1/kv/route'),
      children: await import('@/app/api/v1/kv/children/route'),
      item: await import('@/app/api/v1/kv/item/route'),
      history: await import('@/app/api/v1/kv/history/route'),
      diff: await import('@/app/api/v1/kv/diff/route'),
      imp: await import('@/app/api/v1/kv/import/route'),
    };
  });
  afterAll(async () => {
    resetConsoleClient();
    await etcd?.destroy();
  });

  it('pages 100,000 keys at one revision while writes happen: none missed, none repeated', async () => {
    const keys = Array.from({ length: 100_000 }, (_, i) => `/big/k${String(i).padStart(6, '0')}`);
    await fillKeys(etcd.client, keys);
    const seen: string[] = [];
    let cursor: string | null = null;
    let revision: number | null = null;
    let writing = true;
    let written = 0;
    let writer: Promise<void> | null = null;
    const startWriter = async () => {
      while (writing) {
        await etcd.client.put(`/big/k${String(written % 100_000).padStart(6, '0')}x`).value('new');
        await etcd.client.delete().key(`/big/k${String((written * 7) % 100_000).padStart(6, '0')}`);
        written++;
      }
    };
    do {
      const q: string = `/kv?prefix=/big/&limit=1000&keysOnly=true${cursor ? `&cursor=${cursor}` : ''}`;
      const page = await get(r.list.GET, q);
      expect(page.status).toBe(200);
      revision ??= page.body.revision;
      expect(page.body.revision).toBe(revision);
      for (const item of page.body.items) seen.push(item.key);
      cursor = page.body.nextCursor;
      // Writes begin once the listing's revision is fixed by its first page.
      writer ??= startWriter();
    } while (cursor);
    writing = false;
    await writer;
    expect(written).toBeGreaterThan(0);
    expect(seen).toEqual(keys);
  }, 120_000);

  it('lists the children of a prefix with 100,000 descendants without reading them all', async () => {
    const res = await get(r.children.GET, '/kv/children?prefix=/');
    expect(res.status).toBe(200);
    const big = res.body.children.find((c: { name: string }) => c.name === 'big');
    expect(big).toMatchObject({ key: '/big/', prefix: '/big/', hasChildren: true, isLeaf: false });

    await etcd.client.put('/tree/a').value('leaf');
    await etcd.client.put('/tree/a/b').value('nested');
    await etcd.client.put('/tree/a-b').value('sibling');
    await etcd.client.put('/tree/c/d/e').value('deep');
    const tree = await get(r.children.GET, '/kv/children?prefix=/tree/');
    expect(tree.body.children).toEqual([
      { name: 'a', key: '/tree/a', prefix: '/tree/a/', isLeaf: true, hasChildren: true },
      { name: 'a-b', key: '/tree/a-b', isLeaf: true, hasChildren: false },
      { name: 'c', key: '/tree/c/', prefix: '/tree/c/', isLeaf: false, hasChildren: true },
    ]);
  });

  it('lists from the very top of the keyspace (empty prefix)', async () => {
    for (const k of ['/top/a', 'no-slash', 'zz/1', '/top/b', 'x']) await etcd.client.put(k).value('1');
    const children = await get(r.children.GET, '/kv/children?prefix=');
    expect(children.status).toBe(200);
    const names = children.body.children.map((c: { name: string }) => c.name);
    expect(names).toEqual(expect.arrayContaining(['', 'no-slash', 'x', 'zz']));
    const list = await get(r.list.GET, '/kv?prefix=&limit=5&keysOnly=true');
    expect(list.status).toBe(200);
    expect(list.body.items).toHaveLength(5);
  });

  it('round-trips binary keys and values byte for byte', async () => {
    const key = Buffer.from([0x00, 0xff, 0x2f, 0x80, 0x41]);
    const value = Buffer.from([0xde, 0xad, 0xbe, 0xef, 0x00, 0xc3, 0x28]);
    const written = await put({
      key: key.toString('base64'),
      keyEncoding: 'base64',
      value: value.toString('base64'),
      valueEncoding: 'base64',
      expectedModRevision: 0,
    });
    expect(written.status).toBe(200);
    expect((await etcd.client.get(key).buffer())!.equals(value)).toBe(true);
    const read = await get(
      r.item.GET,
      `/kv/item?key=${encodeURIComponent(key.toString('base64'))}&keyEncoding=base64`,
    );
    expect(read.body.item).toMatchObject({ keyEncoding: 'base64', valueEncoding: 'base64' });
    expect(Buffer.from(read.body.item.value, 'base64').equals(value)).toBe(true);
    expect(Buffer.from(read.body.item.key, 'base64').equals(key)).toBe(true);
    // A key that does not start with "/" is an ordinary key too.
    expect((await put({ key: 'plain-key', value: '中文 ✓', expectedModRevision: 0 })).status).toBe(200);
    expect(await etcd.client.get('plain-key').string()).toBe('中文 ✓');
  });

  it('refuses a stale write with 409 and the current item, overwriting nothing', async () => {
    const first = await put({ key: '/cas/k', value: 'one', expectedModRevision: 0 });
    const loaded = first.body.item.modRevision;
    await etcd.etcdctl('put', '/cas/k', 'theirs');
    const stale = await put({ key: '/cas/k', value: 'mine', expectedModRevision: loaded });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('conflict');
    expect(stale.body.error.details.current.value).toBe('theirs');
    expect(await etcd.client.get('/cas/k').string()).toBe('theirs');
    // create-only on an existing key is a conflict too
    expect((await put({ key: '/cas/k', value: 'x', expectedModRevision: 0 })).status).toBe(409);
  });

  it("keeps the key's lease on edit unless asked to change it", async () => {
    const lease = etcd.client.lease(60, { autoKeepAlive: false });
    const id = await lease.grant();
    await etcd.client.put('/leased/k').value('v1').lease(id);
    const rev = Number((await etcd.client.get('/leased/k').exec()).kvs[0]!.mod_revision);
    const edited = await put({ key: '/leased/k', value: 'v2', expectedModRevision: rev });
    expect(edited.status).toBe(200);
    expect(edited.body.item.lease).toBe(id);
    const detached = await put({
      key: '/leased/k',
      value: 'v3',
      expectedModRevision: edited.body.item.modRevision,
      lease: '0',
    });
    expect(detached.body.item.lease).toBe('0');
    const ttl = await put({ key: '/leased/new', value: 'x', expectedModRevision: 0, lease: { ttl: 30 } });
    expect(ttl.body.item.lease).not.toBe('0');
    await lease.revoke();
  });

  it('walks history across 20 edits and stops cleanly at compaction', async () => {
    for (let i = 1; i <= 20; i++) await etcd.client.put('/hist/k').value(`v${i}`);
    const full = await get(r.history.GET, '/kv/history?key=/hist/k');
    expect(full.body.versions.map((v: { value: string }) => v.value)).toEqual(
      Array.from({ length: 20 }, (_, i) => `v${20 - i}`),
    );
    expect(full.body.compactedBefore).toBeNull();
    const tenth = full.body.versions[10].modRevision; // v10
    await etcd.etcdctl('compaction', String(tenth));
    const after = await get(r.history.GET, '/kv/history?key=/hist/k');
    expect(after.body.versions.map((v: { value: string }) => v.value)).toEqual(
      Array.from({ length: 11 }, (_, i) => `v${20 - i}`),
    );
    expect(after.body.compactedBefore).toBe(tenth);
    const gone = await get(r.item.GET, `/kv/item?key=/hist/k&revision=${tenth - 1}`);
    expect(gone.status).toBe(410);
  });

  it('reports what changed under a prefix between two revisions', async () => {
    await etcd.client.put('/cfg/a').value('1');
    await etcd.client.put('/cfg/b').value('1');
    const from = Number((await etcd.client.put('/cfg/c').value('1').exec()).header.revision);
    await etcd.client.put('/cfg/a').value('2');
    await etcd.client.delete().key('/cfg/b');
    await etcd.client.put('/cfg/d').value('new');
    const diff = await get(r.diff.GET, `/kv/diff?prefix=/cfg/&from=${from}`);
    expect(diff.status).toBe(200);
    expect(diff.body.added.map((i: { key: string }) => i.key)).toEqual(['/cfg/d']);
    expect(diff.body.removed.map((i: { key: string }) => i.key)).toEqual(['/cfg/b']);
    expect(
      diff.body.changed.map((c: { before: { value: string }; after: { value: string } }) => [
        c.before.value,
        c.after.value,
      ]),
    ).toEqual([['1', '2']]);
  });

  it('previews an import, then applies it; a change in between makes apply write nothing', async () => {
    await etcd.client.put('/imp/keep').value('same');
    await etcd.client.put('/imp/change').value('old');
    const items = [
      { key: '/imp/keep', value: 'same' },
      { key: '/imp/change', value: 'new' },
      { key: '/imp/add', value: 'added' },
    ];
    const post = (body: unknown) =>
      r.imp
        .POST(new Request(`${base}/kv/import`, { ...json(body), method: 'POST' }), routeContext())
        .then(async (res) => ({ status: res.status, body: await res.json() }));
    const preview = await post({ items, mode: 'preview' });
    expect(preview.body).toMatchObject({
      added: ['/imp/add'],
      changed: ['/imp/change'],
      unchanged: 1,
      batches: 1,
    });
    await etcd.client.put('/imp/change').value('someone else');
    const refused = await post({ items, mode: 'apply', expectedRevision: preview.body.revision });
    expect(refused.body.applied).toBe(false);
    expect(await etcd.client.get('/imp/add').string()).toBeNull();
    const again = await post({ items, mode: 'preview' });
    const applied = await post({ items, mode: 'apply', expectedRevision: again.body.revision });
    expect(applied.body.applied).toBe(true);
    expect(await etcd.client.get('/imp/change').string()).toBe('new');
    expect(await etcd.client.get('/imp/add').string()).toBe('added');
  });

  const big = 'x'.repeat(1.6 * 1024 * 1024);
  it.each([
    ['missing key', 400, { value: 'v' }],
    ['empty key', 400, { key: '', value: 'v' }],
    ['bad base64 value', 400, { key: '/bad/a', value: '***', valueEncoding: 'base64' }],
    ['bad base64 key', 400, { key: '%%', keyEncoding: 'base64', value: 'v' }],
    ['invalid JSON when JSON was asked', 422, { key: '/bad/j', value: '{"a":', format: 'json' }],
    ['oversize value', 413, { key: '/bad/big', value: big }],
    ['negative revision', 400, { key: '/bad/n', value: 'v', expectedModRevision: -1 }],
    ['unknown field', 400, { key: '/bad/u', value: 'v', nope: 1 }],
    ['reserved console key', 403, { key: '/_console/audit/x', value: 'v' }],
    ['value not a string', 400, { key: '/bad/t', value: 42 }],
  ])('PUT with %s → %i, nothing written', async (_name, status, body) => {
    const before = Number((await etcd.client.get('/').exec()).header.revision);
    const res = await put(body);
    expect(res.status).toBe(status);
    expect(typeof res.body.error.message).toBe('string');
    const after = Number((await etcd.client.get('/').exec()).header.revision);
    expect(after).toBe(before);
  });

  it('says where invalid JSON breaks', async () => {
    const res = await put({ key: '/bad/j', value: '{\n  "a": 1,\n  "b": \n}', format: 'json' });
    expect(res.status).toBe(422);
    expect(res.body.error.details.line).toBe(4);
  });

  it.each([
    ['/kv/item', 400],
    ['/kv/item?key=/nope', 404],
    ['/kv/item?key=/cas/k&revision=0', 400],
    ['/kv/item?key=/cas/k&revision=abc', 400],
    ['/kv/item?key=/cas/k&revision=99999999', 400],
  ])('GET %s → %i', async (url, status) => {
    expect((await get(r.item.GET, url)).status).toBe(status);
  });

  it.each([
    ['/kv?limit=0', 400],
    ['/kv?limit=5000', 400],
    ['/kv?cursor=garbage', 400],
    ['/kv?revision=-5', 400],
    ['/kv?prefixEncoding=base64&prefix=***', 400],
  ])('GET %s → %i', async (url, status) => {
    expect((await get(r.list.GET, url)).status).toBe(status);
  });
});
