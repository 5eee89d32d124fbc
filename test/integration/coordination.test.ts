// Elections and locks held by real `etcdctl elect` / `etcdctl lock` processes (etcd 3.4's etcdctl), and a Patroni
// leader written as patroni/dcs/etcd3.py writes it, seen through GET /api/v1/coordination on a real etcd.
// Sources: etcd-io/etcd@c34dc7ee client/v3/concurrency/{election,mutex,session}.go and
// etcdctl/ctlv3/command/{elect,lock}_command.go; zalando/patroni@a4a6dc02 patroni/dcs/etcd3.py.
import { type ChildProcess, spawn } from 'node:child_process';
import bcrypt from 'bcryptjs';
import type { IRangeRequest, ITxnRequest } from 'etcd3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resetConsoleClient, useConsoleEtcd } from '../helpers/console-env';
import { startTestEtcd, type TestEtcd } from '../helpers/etcd';
import { etcdCallsDuring } from '../helpers/etcd-calls';
import { gateHeaders } from '../helpers/gate';
import { fillKeys } from '../helpers/kv-fill';
import { signIn } from '../helpers/sign-in';

const NS = '/console';
const ORIGIN = 'http://console.test';
const SECRET = 'coordination-test-session-secret-0123456789';
const ETCDCTL = '/usr/bin/etcdctl';

type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
type Contender = { key: string; value: string; lease: string; ttl: number | null; createRevision: number };
type Entry = {
  prefix: string;
  kind: string;
  kindGuessed: boolean;
  holder: Contender | null;
  waiters: Contender[];
  members?: Contender[];
  heldSince: { at: number; observed: boolean } | null;
};

let etcd: TestEtcd;
let list: Handler;
let detail: Handler;
const cookies: Record<string, string> = {};
const children: ChildProcess[] = [];

/** An etcdctl process that stays up while it campaigns, waits or holds; stopped by its PID only. */
function etcdctl(...args: string[]): ChildProcess {
  const child = spawn(ETCDCTL, [`--endpoints=${etcd.endpoints.join(',')}`, ...args], {
    env: { ...process.env, ETCDCTL_API: '3' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.resume();
  child.stderr?.resume();
  children.push(child);
  return child;
}

async function get(handler: Handler, path: string, who = 'ada') {
  const res = await handler(
    new Request(`${ORIGIN}/api/v1${path}`, {
      headers: { host: 'console.test', cookie: cookies[who]!, ...gateHeaders() },
    }),
    { params: Promise.resolve({}) },
  );
  const text = await res.text();
  return { status: res.status, text, body: text ? JSON.parse(text) : null };
}

async function entries(who = 'ada'): Promise<Entry[]> {
  const res = await get(list, '/coordination', who);
  expect(res.status).toBe(200);
  return res.body.entries;
}

async function entryOf(prefix: string): Promise<Entry | undefined> {
  return (await entries()).find((e) => e.prefix === prefix);
}

/** Polls the API until `check` passes; answers how long it took. */
async function until(check: (e: Entry | undefined) => boolean, prefix: string, timeoutMs: number) {
  const started = Date.now();
  for (;;) {
    const entry = await entryOf(prefix);
    if (check(entry)) return { entry: entry!, ms: Date.now() - started };
    if (Date.now() - started > timeoutMs) throw new Error(`timed out: ${JSON.stringify(entry)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

beforeAll(async () => {
  etcd = await startTestEtcd();
  const hash = bcrypt.hashSync('pw', 4);
  useConsoleEtcd(etcd.endpoints, {
    ETCD_PREFIX: NS,
    CONSOLE_SESSION_SECRET: SECRET,
    CONSOLE_USERS: JSON.stringify([
      { name: 'ada', passwordHash: hash, role: 'admin' },
      { name: 'vpay', passwordHash: hash, role: 'viewer', prefixes: ['/locks/pay/'] },
    ]),
  });
  (await import('@/lib/auth/auth-config')).resetAuthConfig();
  (await import('@/lib/coordination/lease-index')).resetCoordinationIndexes();
  list = (await import('@/app/api/v1/coordination/route')).GET as Handler;
  detail = (await import('@/app/api/v1/coordination/detail/route')).GET as Handler;
  for (const name of ['ada', 'vpay']) cookies[name] = await signIn(name, 'pw', ORIGIN);
});

afterAll(async () => {
  for (const child of children) {
    // Only the processes this test started, by PID; one already killed has exited or is exiting.
    if (child.exitCode === null && child.signalCode === null && child.pid) {
      try {
        process.kill(child.pid, 'SIGKILL');
      } catch {}
    }
  }
  resetConsoleClient();
  delete process.env.CONSOLE_USERS;
  delete process.env.CONSOLE_SESSION_SECRET;
  delete process.env.ETCD_PREFIX;
  (await import('@/lib/auth/auth-config')).resetAuthConfig();
  await etcd?.destroy();
});

describe('GET /api/v1/coordination with real etcdctl processes', () => {
  it('shows a lock holder and its waiters in order; SIGKILL the holder and the next holds within TTL + 1 s', async () => {
    const name = `${NS}/locks/pay/batch`;
    const first = etcdctl('lock', '--ttl', '3', name);
    await until((e) => e?.holder !== null && e?.holder !== undefined, '/locks/pay/batch', 10_000);
    const second = etcdctl('lock', '--ttl', '3', name);
    await until((e) => e?.waiters.length === 1, '/locks/pay/batch', 10_000);
    etcdctl('lock', '--ttl', '3', name);
    const { entry } = await until((e) => e?.waiters.length === 2, '/locks/pay/batch', 10_000);

    // etcdctl lock writes "" under `<name>/<lease hex>`: a lock, though an election of "" looks the same.
    expect(entry.kind).toBe('lock');
    expect(entry.kindGuessed).toBe(true);
    expect(entry.holder!.value).toBe('');
    expect(entry.holder!.key).toBe(`/locks/pay/batch/${BigInt(entry.holder!.lease).toString(16)}`);
    expect(entry.waiters.map((w) => w.createRevision)).toEqual(
      [...entry.waiters.map((w) => w.createRevision)].sort((a, b) => a - b),
    );
    expect(entry.holder!.createRevision).toBeLessThan(entry.waiters[0]!.createRevision);
    expect(entry.holder!.ttl).toBeGreaterThan(0);
    const next = entry.waiters[0]!;

    // The session lease's TTL (etcdctl lock --ttl 3): after SIGKILL it runs out within that, and the next holder
    // shows within a second after (the "within TTL + 1 s", as the e2e asserts it).
    const lockTtl = 3;
    expect(entry.holder!.ttl).toBeLessThanOrEqual(lockTtl);
    process.kill(first.pid!, 'SIGKILL');
    const taken = await until((e) => e?.holder?.key === next.key, '/locks/pay/batch', (lockTtl + 2) * 1000);
    expect(taken.ms).toBeLessThanOrEqual((lockTtl + 1) * 1000);
    expect(taken.entry.waiters).toHaveLength(1);
    expect(taken.entry.heldSince?.observed).toBe(true);

    const { status, body } = await get(detail, '/coordination/detail?prefix=/locks/pay/batch');
    expect(status).toBe(200);
    expect(body.handovers[0].from.key).toBe(entry.holder!.key);
    expect(body.handovers[0].to.key).toBe(next.key);
    expect(body.handovers[0].at).toEqual(expect.any(Number));
    expect(second.exitCode).toBeNull();
  }, 40_000);

  it('shows an election with each proposal; SIGKILL the leader and the next is leader within its TTL + 1 s', async () => {
    const name = `${NS}/elect/db`;
    const alpha = etcdctl('elect', name, 'alpha');
    await until((e) => e?.holder?.value === 'alpha', '/elect/db', 10_000);
    etcdctl('elect', name, 'beta');
    await until((e) => e?.waiters.length === 1, '/elect/db', 10_000);
    etcdctl('elect', name, 'gamma');
    const { entry } = await until((e) => e?.waiters.length === 2, '/elect/db', 10_000);
    expect(entry.kind).toBe('election');
    expect(entry.kindGuessed).toBe(false);
    expect(entry.waiters.map((w) => w.value)).toEqual(['beta', 'gamma']);

    // etcdctl 3.4's elect has no TTL flag: its session lease is 60 s, kept alive every 20 s. The TTL shown is
    // etcd's whole seconds left, rounded down: the lease ends within ttlAtKill + 1 s of the kill, etcd's lessor
    // looks for expired leases every 500 ms, and the page's next look (this loop polls every 100 ms) comes within
    // a second after that.
    const ttlAtKill = entry.holder!.ttl!;
    expect(ttlAtKill).toBeLessThanOrEqual(60);
    process.kill(alpha.pid!, 'SIGKILL');
    const bound = (ttlAtKill + 1) * 1000 + 500 + 1000;
    const taken = await until((e) => e?.holder?.value === 'beta', '/elect/db', bound + 3000);
    expect(taken.ms).toBeLessThanOrEqual(bound);
    expect(taken.entry.waiters.map((w) => w.value)).toEqual(['gamma']);
  }, 90_000);

  it('recognises a Patroni leader written as patroni/dcs/etcd3.py writes it', async () => {
    // Patroni grants a lease of `ttl` (30 s) and keeps its member key and the leader key on it (touch_member,
    // _do_attempt_to_acquire_leader: put with compare create_revision == 0). Values: member JSON, member name.
    const base = `${NS}/service/pg-main`;
    const lease = await etcd.client.leaseClient.leaseGrant({ TTL: 30 });
    const member = (name: string, role: string) =>
      JSON.stringify({
        conn_url: `postgres://10.0.0.5:5432/postgres`,
        api_url: `http://10.0.0.5:8008/patroni`,
        state: 'running',
        role,
        version: '3.3.1',
        xlog_location: 50331648,
        timeline: 1,
        name,
      });
    const other = await etcd.client.leaseClient.leaseGrant({ TTL: 30 });
    await etcd.client.kv.put({
      key: Buffer.from(`${base}/members/pg-0`),
      value: Buffer.from(member('pg-0', 'primary')),
      lease: lease.ID,
    });
    await etcd.client.kv.put({
      key: Buffer.from(`${base}/members/pg-1`),
      value: Buffer.from(member('pg-1', 'replica')),
      lease: other.ID,
    });
    const leaderKey = Buffer.from(`${base}/leader`);
    const txn = await etcd.client.kv.txn({
      compare: [{ key: leaderKey, target: 'Create', result: 'Equal', create_revision: '0' }],
      success: [{ request_put: { key: leaderKey, value: Buffer.from('pg-0'), lease: lease.ID } }],
      failure: [],
    });
    expect(txn.succeeded).toBe(true);

    const { entry } = await until((e) => e !== undefined, '/service/pg-main', 5000);
    expect(entry.kind).toBe('patroni');
    expect(entry.holder?.value).toBe('pg-0');
    expect(entry.holder?.ttl).toBeGreaterThan(25);
    expect(entry.members?.map((m) => m.key)).toEqual([
      '/service/pg-main/members/pg-0',
      '/service/pg-main/members/pg-1',
    ]);
    const one = await get(detail, '/coordination/detail?prefix=/service/pg-main&kind=patroni');
    expect(one.status).toBe(200);
    expect(one.body.entry.holder.value).toBe('pg-0');
  });

  it('shows a scoped caller only what it may read whole, and answers 404 for the rest', async () => {
    etcdctl('elect', `${NS}/elect/secret-qx7`, 'qx7-proposal');
    await until((e) => e?.holder?.value === 'qx7-proposal', '/elect/secret-qx7', 10_000);

    const seen = await get(list, '/coordination', 'vpay');
    expect(seen.status).toBe(200);
    expect(seen.body.entries.map((e: Entry) => e.prefix)).toEqual(['/locks/pay/batch']);
    expect(seen.text).not.toContain('qx7');
    expect(seen.text).not.toContain('pg-main');
    expect(seen.body.pendingLeases).toBe(0);

    const hidden = await get(detail, '/coordination/detail?prefix=/elect/secret-qx7', 'vpay');
    expect(hidden.status).toBe(404);
    expect(hidden.text).not.toContain('qx7-proposal');
    // The same answer as for a prefix that holds nothing at all.
    const none = await get(detail, '/coordination/detail?prefix=/locks/pay/none', 'vpay');
    expect(none.status).toBe(404);
  });

  it('finds them through leases: 20,000 unrelated keys cost no read, one transaction reads only the prefixes', async () => {
    const keys = Array.from({ length: 20_000 }, (_, i) => `${NS}/bulk/k${String(i).padStart(6, '0')}`);
    await fillKeys(etcd.client, keys);
    etcdctl('lock', '--ttl', '3', `${NS}/locks/bulk`);
    await until((e) => e?.holder !== null && e?.holder !== undefined, '/locks/bulk', 10_000);
    // Every key etcd counts to answer the console's reads (a range walks all it counts).
    const { etcdSystemClient } = await import('@/lib/etcd/client');
    const kv = etcdSystemClient().kv;
    const txn = kv.txn.bind(kv);
    const range = kv.range.bind(kv);
    let counted = 0;
    kv.txn = async (req: ITxnRequest) => {
      const res = await txn(req);
      for (const r of res.responses) counted += Number(r.response_range?.count ?? 0);
      return res;
    };
    kv.range = async (req: IRangeRequest) => {
      const res = await range(req);
      counted += Number(res.count);
      return res;
    };
    try {
      await new Promise((r) => setTimeout(r, 1100)); // past the lease index's one-second reuse
      const { result: listed, calls: delta } = await etcdCallsDuring(() => entries());
      const contenders = listed.reduce(
        (n, e) => n + (e.holder ? 1 : 0) + e.waiters.length + (e.members?.length ?? 0),
        0,
      );
      const leases = (await etcd.client.leaseClient.leaseLeases()).leases.length;
      // The session check reads one key; nothing reads a range of the keyspace.
      expect(delta('Range')).toBeLessThanOrEqual(1);
      expect(delta('LeaseLeases')).toBe(1);
      expect(delta('Txn')).toBe(1);
      // Known leases are re-checked a few at a time; the TTLs of the contenders' leases are read once each.
      expect(delta('LeaseTimeToLive')).toBeLessThanOrEqual(leases + contenders);
      // etcd counted only the keys of the listed prefixes (the Patroni leader key is read on its own).
      expect(counted).toBeLessThanOrEqual(contenders + listed.length + 1);
    } finally {
      kv.txn = txn;
      kv.range = range;
    }
  });

  it('rejects a malformed query', async () => {
    const res = await get(detail, '/coordination/detail?prefix=/x&kind=zookeeper');
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('bad_request');
  });
});
