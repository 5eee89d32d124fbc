// Case 6: property-based fuzzing of every /api/v1 route with hostile input (malformed JSON, wrong types, huge and
// empty strings, invalid base64 and UTF-8, negative and enormous revisions, path-traversal-looking keys, unknown
// fields, oversize bodies). No answer may be a 5xx or a hang, and a refused request must leave etcd untouched:
// the store revision is read before and after every request. A 2xx may change etcd (a valid random put is valid).
// `npm run test:faults` sends 10,500 requests; the fast subset in `npm test` sends 2,100. FAULTS_SEED replays a run.
import fs from 'node:fs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resetConsoleClient, useConsoleEtcd } from '../helpers/console-env';
import { startTestEtcd, type TestEtcd } from '../helpers/etcd';
import { report, sleep } from './helpers/api';
import { describeRequest, type FuzzRequest, requestArb, send } from './helpers/fuzz';
import { storeRevision } from './helpers/history';
import { itUnless, knownBugs } from './helpers/known-bugs';
import { type ApiRoute, allApiRoutes } from './helpers/routes';

process.env.WATCH_LINGER_MS = '200';
process.env.LOG_LEVEL = 'silent';
const TOTAL = process.env.FAULTS_FULL ? 10_500 : 2_100;
const SEED = Number(process.env.FAULTS_SEED ?? Date.now() % 2 ** 31);

/** What an open bug in helpers/known-bugs.ts explains, counted and shown instead of failing the run. */
function explainedByKnownBug(route: ApiRoute, status: number, text: string): string | null {
  if (
    knownBugs.exportFailsMidStream &&
    route.name === 'kv.export' &&
    /required revision (has been compacted|is a future revision)/.test(text)
  )
    return 'exportFailsMidStream';
  // etcd is up the whole run (the checker's own reads succeed), so an etcd_unavailable answer is spurious.
  if (knownBugs.breakerOpensOnOwnCancels && status === 503 && /"code":"etcd_unavailable"/.test(text))
    return 'breakerOpensOnOwnCancels';
  return null;
}

/** 5xx answers the API documents on purpose: picking from a service with no live instance is a 503. */
function documented(route: ApiRoute, status: number, text: string): boolean {
  return route.name === 'services.pick' && status === 503 && /"code":"unavailable"/.test(text);
}

/** Whether every revision in (before, after] wrote an audit record (created or completed it) and nothing else. */
async function onlyAuditWrites(etcd: TestEtcd, before: number, after: number): Promise<boolean> {
  const res = await etcd.client.getAll().prefix('/_console/audit/').exec();
  const seen = new Set<number>();
  for (const kv of res.kvs) {
    for (const r of [Number(kv.create_revision), Number(kv.mod_revision)])
      if (r > before && r <= after) seen.add(r);
  }
  return seen.size === after - before;
}

describe('fuzzing every /api/v1 route', () => {
  let etcd: TestEtcd;
  let routes: ApiRoute[];

  beforeAll(async () => {
    etcd = await startTestEtcd();
    useConsoleEtcd(etcd.endpoints);
    routes = await allApiRoutes();
    // Something to find: keys, a nested tree, binary bytes.
    for (let i = 0; i < 20; i++) await etcd.client.put(`/fz/k${i}`).value(`{"n":${i}}`);
    await etcd.client.put('/fz/a/b/c').value('deep');
    await etcd.client.put(Buffer.from([0xff, 0x00, 0x2f])).value(Buffer.from([0xc3, 0x28]));
  });
  afterAll(async () => {
    resetConsoleClient();
    await etcd?.destroy();
  });

  /** After an accepted change: leases granted by it are revoked now (not expiring during a later request),
   * and a defragmentation it started is waited for, so every later revision change is that request's own. */
  async function settle(route: ApiRoute): Promise<void> {
    const leases = await etcd.client.leaseClient.leaseLeases({});
    for (const lease of leases.leases)
      await etcd.client.leaseClient.leaseRevoke({ ID: lease.ID }).catch(() => {});
    if (route.name === 'cluster.defrag.start') {
      const job = routes.find(
        (r) => r.name === 'cluster.defrag.get' || (r.template === route.template && r.method === 'GET'),
      );
      for (let i = 0; i < 100 && job; i++) {
        const res = await job.handler(new Request('http://console.test/api/v1/cluster/defrag'), {
          params: Promise.resolve({}),
        });
        const body = (await res.json()) as { job?: { state?: string; finishedAt?: string | null } | null };
        if (!body.job || body.job.finishedAt || body.job.state !== 'running') break;
        await sleep(100);
      }
    }
    if (route.name.startsWith('etcd-auth.')) {
      const status = await etcd.etcdctl('auth', 'status').catch((e) => String(e));
      if (/Authentication Status: true/.test(status)) throw new Error('fuzzing turned etcd auth on');
    }
  }

  it(`answers ${TOTAL} hostile requests without a 5xx, a hang or a change from a refused request`, async () => {
    const started = Date.now();
    const statuses = new Map<string, number>();
    const perRoute = new Map<string, number>();
    const serverErrors: string[] = [];
    const changedByRefused: string[] = [];
    const hangs: string[] = [];
    const brokenBodies: string[] = [];
    const known = new Map<string, number>();
    const countKnown = (bug: string) => known.set(bug, (known.get(bug) ?? 0) + 1);
    let sent = 0;
    let unsendable = 0;
    let accepted = 0;
    let refused = 0;
    let documented5xx = 0;
    const byStatus = new Map<string, number>();

    const run = async (req: FuzzRequest) => {
      const before = await storeRevision(etcd.client);
      let answer: Awaited<ReturnType<typeof send>>;
      try {
        answer = await send(req);
      } catch (error) {
        const text = String(error);
        const bug = explainedByKnownBug(req.route, 0, text);
        if (/no answer within/.test(text)) hangs.push(`${text}: ${describeRequest(req)}`);
        else if (bug) countKnown(bug);
        else brokenBodies.push(`${text}: ${describeRequest(req)}`);
        return true;
      }
      if (answer.unsendable) {
        unsendable++;
        return true;
      }
      sent++;
      if (process.env.FAULTS_TRACE) {
        fs.appendFileSync(
          process.env.FAULTS_TRACE,
          `${sent} ${answer.status} ${answer.ms.toFixed(0)}ms ${req.route.name} ${describeRequest(req).slice(0, 300)}\n`,
        );
      }
      const key = `${req.route.method} ${req.route.template}`;
      perRoute.set(key, (perRoute.get(key) ?? 0) + 1);
      const klass = `${Math.floor(answer.status / 100)}xx`;
      if (process.env.FAULTS_VERBOSE) {
        const k = `${key} ${answer.status}`;
        byStatus.set(k, (byStatus.get(k) ?? 0) + 1);
      }
      statuses.set(klass, (statuses.get(klass) ?? 0) + 1);
      const after = await storeRevision(etcd.client);
      const ok = answer.status >= 200 && answer.status < 300;
      const bug = answer.status >= 500 ? explainedByKnownBug(req.route, answer.status, answer.text) : null;
      if (answer.status >= 500 && documented(req.route, answer.status, answer.text)) documented5xx++;
      else if (bug) countKnown(bug);
      else if (answer.status >= 500)
        serverErrors.push(`${answer.status} ${answer.text.slice(0, 200)} ← ${describeRequest(req)}`);
      if (ok) {
        accepted++;
        if (req.route.method !== 'GET') await settle(req.route);
      } else {
        refused++;
        // A refused attempt at a change etcd cannot make in one transaction leaves its audit record ("attempted",
        // then "failed"): that is the audit trail working, not a change.
        if (after !== before && !(await onlyAuditWrites(etcd, before, after)))
          changedByRefused.push(`${answer.status} rev ${before}→${after} ← ${describeRequest(req)}`);
      }
      return true;
    };

    const arb = fc.constantFrom(...routes).chain(requestArb);
    await fc.assert(fc.asyncProperty(arb, run), { numRuns: TOTAL, seed: SEED, endOnFailure: true });

    // Still serving afterwards.
    const health = routes.find((r) => r.name === 'health')!;
    const alive = await health.handler(new Request('http://console.test/api/v1/health'), {
      params: Promise.resolve({}),
    });
    report('fuzz', {
      seed: SEED,
      routes: perRoute.size,
      requests: sent,
      unsendable,
      accepted,
      refused,
      ...Object.fromEntries([...statuses.entries()].sort()),
      documented503: documented5xx,
      undocumented5xx: serverErrors.length,
      hangs: hangs.length,
      brokenBodies: brokenBodies.length,
      ...Object.fromEntries([...known.entries()].map(([bug, n]) => [`knownBug:${bug}`, n])),
      refusedButChanged: changedByRefused.length,
      seconds: ((Date.now() - started) / 1000).toFixed(1),
    });
    for (const [k, n] of [...byStatus.entries()].sort()) process.stdout.write(`[faults] fuzz ${k}: ${n}\n`);
    for (const line of [...serverErrors, ...hangs, ...brokenBodies, ...changedByRefused].slice(0, 30)) {
      process.stdout.write(`[faults] fuzz finding: ${line}\n`);
    }
    expect(alive.status).toBe(200);
    expect(sent).toBeGreaterThanOrEqual(TOTAL * 0.95);
    expect(perRoute.size).toBe(new Set(routes.map((r) => `${r.method} ${r.template}`)).size);
    expect(serverErrors).toEqual([]);
    expect(hangs).toEqual([]);
    expect(brokenBodies).toEqual([]);
    expect(changedByRefused).toEqual([]);
  }, 600_000);

  itUnless('exportFailsMidStream')(
    'exporting at a compacted or future revision answers 410 or 400, not a 200 whose body breaks',
    async () => {
      const { GET } = await import('@/app/api/v1/kv/export/route');
      const now = await storeRevision(etcd.client);
      await etcd.client.put('/fz/export/k').value('v');
      await etcd.etcdctl('compaction', String(now + 1));
      for (const [revision, status] of [
        [now, 410],
        [now + 1_000_000, 400],
      ] as const) {
        const url = `http://console.test/api/v1/kv/export?prefix=/fz/&revision=${revision}`;
        const res = await GET(new Request(url), { params: Promise.resolve({}) });
        const body = await res.text().catch((error: unknown) => `body failed: ${String(error)}`);
        expect(`${res.status} ${body.slice(0, 120)}`).toMatch(new RegExp(`^${status} `));
      }
    },
  );

  itUnless('breakerOpensOnOwnCancels')(
    'keeps answering after three service timelines are read at once (their watch streams closed by us)',
    async () => {
      const timeline = routes.find((r) => r.name === 'services.timeline')!;
      const health = routes.find((r) => r.name === 'health')!;
      const statuses: number[] = [];
      for (let round = 0; round < 3; round++) {
        await Promise.all(
          ['a', 'b', 'c'].map(async (name) => {
            const res = await timeline.handler(
              new Request(`http://console.test/api/v1/services/${name}/timeline`),
              {
                params: Promise.resolve({ name }),
              },
            );
            await res.text();
          }),
        );
        const res = await health.handler(new Request('http://console.test/api/v1/health'), {
          params: Promise.resolve({}),
        });
        statuses.push(res.status);
        await sleep(1000);
      }
      expect(statuses).toEqual([200, 200, 200]);
    },
  );
});
