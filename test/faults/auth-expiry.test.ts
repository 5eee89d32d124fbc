// Case 4: etcd with auth on and 2-second simple tokens (--auth-token=simple --auth-token-ttl=2). The console,
// signed in as root, must keep its watches and writes working across many token expiries and an etcd restart
// (which forgets every simple token).

import { connectEtcd } from '@etcd-console/core/etcd';
import type { Etcd3 } from 'etcd3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resetConsoleClient, useConsoleEtcd } from '../helpers/console-env';
import { startTestEtcd, type TestEtcd } from '../helpers/etcd';
import { SseReader } from '../helpers/sse';
import { callRoute, eventually, report, sleep } from './helpers/api';
import { metricsText, sample } from './helpers/etcd-metrics';
import { changesSeen, clean, compareStream, prefixHistory, storeRevision } from './helpers/history';
import { itUnless } from './helpers/known-bugs';

process.env.WATCH_LINGER_MS = '500';
const TOKEN_TTL_S = 2;
const ROOT_PW = 'faults-root-pw';
/** Idle for longer than the token TTL: the token the console holds expires in etcd. */
const expire = () => sleep((TOKEN_TTL_S + 1) * 1000);

type Routes = {
  item: typeof import('@/app/api/v1/kv/item/route');
  watch: typeof import('@/app/api/v1/watch/route');
};

describe('auth token expiry (etcd --auth-token=simple --auth-token-ttl=2, console signed in as root)', () => {
  let etcd: TestEtcd;
  let root: Etcd3;
  let r: Routes;
  let from = 0;
  const aborts: AbortController[] = [];

  beforeAll(async () => {
    etcd = await startTestEtcd({ extraArgs: ['--auth-token=simple', `--auth-token-ttl=${TOKEN_TTL_S}`] });
    await etcd.etcdctl('user', 'add', `root:${ROOT_PW}`);
    await etcd.etcdctl('user', 'grant-role', 'root', 'root');
    await etcd.etcdctl('auth', 'enable');
    root = connectEtcd({
      endpoints: etcd.endpoints,
      username: 'root',
      password: ROOT_PW,
      callTimeoutMs: 5000,
    });
    from = (await storeRevision(root)) + 1;
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

  async function put(key: string, value: string): Promise<number> {
    const res = await callRoute(r.item.PUT, '/api/v1/kv/item', { method: 'PUT', body: { key, value } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body.revision;
  }

  /** etcd's own count of sign-ins and of calls it refused for a bad token (reset when etcd restarts). */
  async function authCalls(): Promise<{ signIns: number; refused: number }> {
    const text = await metricsText(etcd.endpoints[0]!);
    return {
      signIns: sample(text, 'grpc_server_handled_total', { grpc_method: 'Authenticate' }),
      refused: sample(text, 'grpc_server_handled_total', { grpc_code: 'Unauthenticated' }),
    };
  }

  /** Waits until the reader has seen etcd's last revision under `prefix`, then compares the two. */
  async function check(reader: SseReader, prefix: string, to: number) {
    // A unary call first: it signs the test's own client in again, so its history watch opens with a live token.
    await storeRevision(root);
    const history = await prefixHistory(root, prefix, from, to);
    const last = history[history.length - 1]?.revision ?? 0;
    await eventually(
      async () => changesSeen(reader.events).some((c) => c.revision >= last),
      10_000,
      `the watcher on ${prefix} to reach revision ${last}`,
    );
    return { events: history.length, ...compareStream(changesSeen(reader.events), history, to) };
  }

  it('writes re-authenticate and live watches keep delivering across 8 token expiries', async () => {
    const started = Date.now();
    const before = await authCalls();
    const readers = [
      await openWatch('/auth/live/'),
      await openWatch('/auth/live/'),
      await openWatch('/auth/'),
    ];
    const writes: number[] = [];
    const rounds = 8;
    for (let round = 0; round < rounds; round++) {
      await expire();
      writes.push(await put(`/auth/live/k${round}`, `v${round}`));
    }
    const to = Math.max(...writes);
    const results = await Promise.all(
      readers.map((reader, i) => check(reader, i === 2 ? '/auth/' : '/auth/live/', to)),
    );
    const after = await authCalls();
    report('auth-expiry live', {
      expiries: rounds,
      writes: writes.length,
      watchers: readers.length,
      events: results.reduce((n, c) => n + c.events, 0),
      lost: results.reduce((n, c) => n + c.missing, 0),
      duplicated: results.reduce((n, c) => n + c.duplicated, 0),
      signIns: after.signIns - before.signIns,
      refusedTokens: after.refused - before.refused,
      seconds: ((Date.now() - started) / 1000).toFixed(1),
    });
    for (const c of results) expect(clean(c), JSON.stringify(c)).toBe(true);
    // The token really expired each time and the console signed in again.
    expect(after.refused - before.refused).toBeGreaterThanOrEqual(rounds);
    expect(after.signIns - before.signIns).toBeGreaterThanOrEqual(rounds);
  }, 120_000);

  // Fails until the watch-token fix lands in lib/etcd/connect.ts: see helpers/known-bugs.ts.
  itUnless('watchTokenNeverRefreshed')(
    'opens new watches after an expiry and resumes every watch after an etcd restart',
    async () => {
      const started = Date.now();
      const live = await openWatch('/auth/restart/');
      const fresh: SseReader[] = [];
      const writes: number[] = [];
      for (let round = 0; round < 3; round++) {
        await expire();
        // A new prefix: a new etcd watch on the console's existing watch stream.
        fresh.push(await openWatch(`/auth/new${round}/`));
        writes.push(await put(`/auth/new${round}/k`, `w${round}`));
        writes.push(await put(`/auth/restart/k${round}`, `r${round}`));
      }
      // etcd restarts: every simple token is forgotten and every stream reconnects.
      await etcd.members[0]!.stop();
      await etcd.members[0]!.start();
      const afterRestart = await eventually(
        async () => {
          const res = await callRoute(r.item.PUT, '/api/v1/kv/item', {
            method: 'PUT',
            body: { key: '/auth/restart/after', value: 'x' },
          });
          return res.status === 200 ? (res.body.revision as number) : null;
        },
        15_000,
        'a write after the restart',
      );
      writes.push(afterRestart);
      await expire();
      const late = await openWatch('/auth/late/');
      writes.push(await put('/auth/late/k', 'late'));
      const to = Math.max(...writes);
      const results = [
        await check(live, '/auth/restart/', to),
        ...(await Promise.all(fresh.map((reader, i) => check(reader, `/auth/new${i}/`, to)))),
        await check(late, '/auth/late/', to),
      ];
      report('auth-expiry new watches + restart', {
        expiries: 4,
        restarts: 1,
        writes: writes.length,
        watchers: results.length,
        events: results.reduce((n, c) => n + c.events, 0),
        lost: results.reduce((n, c) => n + c.missing, 0),
        duplicated: results.reduce((n, c) => n + c.duplicated, 0),
        seconds: ((Date.now() - started) / 1000).toFixed(1),
      });
      for (const c of results) expect(clean(c), JSON.stringify(c)).toBe(true);
    },
    120_000,
  );

  // The SDKs open their own etcd3 clients: a worker with credentials must still take commands after token
  // expiries and an etcd restart (its command watch reconnects on a new stream).
  itUnless('sdkWatchTokenNeverRefreshed')(
    'a worker signed in as root keeps taking commands across expiries and an etcd restart',
    async () => {
      const started = Date.now();
      const { startWorker } = await import('@etcd-console/sdk/worker');
      const ran: string[] = [];
      const worker = await startWorker({
        group: 'authw',
        id: 'authw-1',
        ttlSeconds: 3,
        etcd: { endpoints: etcd.endpoints, username: 'root', password: ROOT_PW, callTimeoutMs: 2000 },
        handlers: {
          echo: (payload, ctx) => {
            ran.push(ctx.commandId);
            return payload;
          },
        },
      });
      const commands = await import('@/app/api/v1/commands/route');
      const command = await import('@/app/api/v1/commands/[id]/route');
      const runOne = async (n: number) => {
        const id = await eventually(
          async () => {
            const res = await callRoute(commands.POST, '/api/v1/commands', {
              method: 'POST',
              body: { group: 'authw', type: 'echo', payload: n, mode: 'any' },
            });
            return res.status === 201 ? (res.body.id as string) : null;
          },
          15_000,
          'a command to be accepted',
        );
        await eventually(
          async () =>
            (await callRoute(command.GET, `/api/v1/commands/${id}`, { params: { id } })).body?.state ===
            'succeeded',
          20_000,
          `command ${n} to run`,
        );
        return id;
      };
      try {
        const ids = [await runOne(0)];
        await expire();
        ids.push(await runOne(1));
        await expire();
        await etcd.members[0]!.stop();
        await etcd.members[0]!.start();
        ids.push(await runOne(2));
        await expire();
        ids.push(await runOne(3));
        report('auth-expiry worker', {
          expiries: 3,
          restarts: 1,
          commands: ids.length,
          ranOnce: ids.filter((id) => ran.filter((r) => r === id).length === 1).length,
          seconds: ((Date.now() - started) / 1000).toFixed(1),
        });
        expect(ids.map((id) => ran.filter((r) => r === id).length)).toEqual([1, 1, 1, 1]);
      } finally {
        await worker.close({ graceMs: 0 });
      }
    },
    120_000,
  );
});
