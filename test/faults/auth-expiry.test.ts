// Case 4: etcd with auth on and 2-second simple tokens. The console, signed in as root, keeps its watches and
// writes working across many token expiries and an etcd restart (which forgets every simple token).
import type { Etcd3 } from 'etcd3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectEtcd } from '@/lib/etcd/connect';
import { resetConsoleClient, useConsoleEtcd } from '../helpers/console-env';
import { startTestEtcd, type TestEtcd } from '../helpers/etcd';
import { SseReader } from '../helpers/sse';
import { callRoute, eventually, report, sleep } from './helpers/api';
import { metricsText, sample } from './helpers/etcd-metrics';
import { changesSeen, clean, compareStream, prefixHistory, storeRevision } from './helpers/history';

process.env.WATCH_LINGER_MS = '500';
const TOKEN_TTL_S = 2;
const ROOT_PW = 'faults-root-pw';

type Routes = {
  item: typeof import('@/app/api/v1/kv/item/route');
  watch: typeof import('@/app/api/v1/watch/route');
};

describe('auth token expiry (etcd --auth-token=simple --auth-token-ttl=2)', () => {
  let etcd: TestEtcd;
  let root: Etcd3;
  let r: Routes;
  const aborts: AbortController[] = [];

  beforeAll(async () => {
    etcd = await startTestEtcd({ extraArgs: ['--auth-token=simple', `--auth-token-ttl=${TOKEN_TTL_S}`] });
    await etcd.etcdctl('user', 'add', `root:${ROOT_PW}`);
    await etcd.etcdctl('user', 'grant-role', 'root', 'root');
    await etcd.etcdctl('auth', 'enable');
    root = connectEtcd({ endpoints: etcd.endpoints, username: 'root', password: ROOT_PW, callTimeoutMs: 5000 });
    useConsoleEtcd(etcd.endpoints, { ETCD_USERNAME: 'root', ETCD_PASSWORD: ROOT_PW });
    r = {
      item: await import('@/app/api/v1/kv/item/route'),
      watch: await import('@/app/api/v1/watch/route'),
    };
  });

  afterAll(async () => {
    for (const a of aborts) a.abort();
    root?.close();
    resetConsoleClient();
    await etcd?.destroy();
  });

  async function openWatch(prefix: string): Promise<SseReader> {
    const abort = new AbortController();
    aborts.push(abort);
    const res = await r.watch.GET(
      new Request(`http://console.test/api/v1/watch?prefix=${encodeURIComponent(prefix)}`, {
        signal: abort.signal,
      }),
      { params: Promise.resolve({}) },
    );
    expect(res.status).toBe(200);
    const reader = new SseReader(res);
    await reader.until((ev) => ev.some((e) => e.event === 'ready'), 10_000);
    return reader;
  }

  async function put(key: string, value: string) {
    return callRoute(r.item.PUT, '/api/v1/kv/item', { method: 'PUT', body: { key, value } });
  }

  async function authCalls(): Promise<{ authenticate: number; rejected: number }> {
    const text = await metricsText(etcd.endpoints[0]!);
    return {
      authenticate: sample(text, 'grpc_server_handled_total', { grpc_method: 'Authenticate' }),
      rejected: sample(text, 'grpc_server_handled_total', { grpc_code: 'Unauthenticated' }),
    };
  }

  it('keeps watches and writes working past several token expiries and an etcd restart', async () => {
    const started = Date.now();
    const from = (await storeRevision(root)) + 1;
    const before = await authCalls();
    const first = await openWatch('/auth/a/');
    const writes: number[] = [];
    const readers = [first];
    const expiries = 4;
    for (let round = 0; round < expiries; round++) {
      // Idle for longer than the token TTL: the console's token expires in etcd.
      await sleep((TOKEN_TTL_S + 1) * 1000);
      const res = await put(`/auth/a/k${round}`, `v${round}`);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      writes.push(res.body.revision);
      // A new watch after the expiry: a new etcd watch on the console's existing watch stream.
      await sleep((TOKEN_TTL_S + 1) * 1000);
      readers.push(await openWatch(`/auth/b${round}/`));
      const res2 = await put(`/auth/b${round}/k`, `w${round}`);
      expect(res2.status, JSON.stringify(res2.body)).toBe(200);
      writes.push(res2.body.revision);
    }
    // etcd restarts: every simple token is forgotten, every stream reconnects.
    await etcd.members[0]!.stop();
    await etcd.members[0]!.start();
    const after = await eventually(
      async () => {
        const res = await put('/auth/a/after-restart', 'x');
        return res.status === 200 ? res : null;
      },
      15_000,
      'a write after the restart',
    );
    writes.push(after.body.revision);
    const last = Math.max(...writes);

    const a = await prefixHistory(root, '/auth/a/', from, last);
    await eventually(
      async () => changesSeen(first.events).some((c) => c.revision >= a[a.length - 1]!.revision),
      10_000,
      'the first watcher to see the write after the restart',
    );
    const comparison = compareStream(changesSeen(first.events), a);
    const rounds = [];
    for (let round = 0; round < expiries; round++) {
      const h = await prefixHistory(root, `/auth/b${round}/`, from, last);
      await eventually(
        async () => changesSeen(readers[round + 1]!.events).length >= h.length,
        10_000,
        `watcher b${round} to see its write`,
      );
      rounds.push(compareStream(changesSeen(readers[round + 1]!.events), h));
    }
    const calls = await authCalls();
    report('auth-expiry', {
      expiries,
      restarts: 1,
      writes: writes.length,
      watchers: readers.length,
      events: a.length + rounds.length,
      lost: comparison.missing + rounds.reduce((n, c) => n + c.missing, 0),
      duplicated: comparison.duplicated + rounds.reduce((n, c) => n + c.duplicated, 0),
      reauthentications: calls.authenticate - before.authenticate,
      rejectedTokens: calls.rejected - before.rejected,
      seconds: ((Date.now() - started) / 1000).toFixed(1),
    });
    expect(clean(comparison), JSON.stringify(comparison)).toBe(true);
    for (const c of rounds) expect(clean(c), JSON.stringify(c)).toBe(true);
    // The console really did lose its token and sign in again, more than once.
    expect(calls.authenticate - before.authenticate).toBeGreaterThanOrEqual(expiries);
  }, 120_000);
});
