// The console on etcd with mutual TLS (client-cert auth on client and peer URLs): every area works over it, a bad
// certificate file stops the console at start with one line, a failed handshake is a named configuration error in
// /api/v1/health (not an outage), and rotated certificate files are picked up without a restart.
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { registerInstance } from '@etcd-console/sdk/registry';
import { startWorker } from '@etcd-console/sdk/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as alarmsRoute from '@/app/api/v1/cluster/alarms/route';
import * as defragRoute from '@/app/api/v1/cluster/defrag/route';
import * as clusterRoute from '@/app/api/v1/cluster/route';
import * as snapshotRoute from '@/app/api/v1/cluster/snapshot/route';
import * as commandRoute from '@/app/api/v1/commands/[id]/route';
import * as commandsRoute from '@/app/api/v1/commands/route';
import * as healthRoute from '@/app/api/v1/health/route';
import * as itemRoute from '@/app/api/v1/kv/item/route';
import * as servicesRoute from '@/app/api/v1/services/route';
import * as watchRoute from '@/app/api/v1/watch/route';
import { closeMemberClients } from '@/lib/cluster/member-clients';
import { startEtcd } from '@/scripts/lib/etcd-server.mjs';
import { makeCa, makeCert } from '@/scripts/lib/tls-certs.mjs';
import { resetConsoleClient, routeContext, useConsoleEtcd } from '../helpers/console-env';
import { makeTestCerts, startTestEtcd, type TestEtcd, type TlsClientFiles } from '../helpers/etcd';
import { SseReader } from '../helpers/sse';

const run = promisify(execFile);
type Handler = (request: Request, context: ReturnType<typeof routeContext>) => Promise<Response>;

async function call(handler: Handler, url: string, init: { method?: string; body?: unknown } = {}) {
  const request = new Request(`http://console${url}`, {
    method: init.method ?? 'GET',
    ...(init.body === undefined
      ? {}
      : { body: JSON.stringify(init.body), headers: { 'content-type': 'application/json' } }),
  });
  const res = await handler(request, routeContext());
  const text = await res.text();
  // biome-ignore lint/suspicious/noExplicitAny: answers are checked field by field
  return { status: res.status, body: (text ? JSON.parse(text) : null) as any };
}

async function within<T>(ms: number, probe: () => Promise<T | null | false>, what: string): Promise<T> {
  const deadline = Date.now() + ms;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${what}: not within ${ms} ms${last ? ` (${String(last)})` : ''}`);
}

/** The test CA's certificate and key, to sign more certificates with. */
function caOf(certs: { etcd: { caFile: string }; dir: string }) {
  return { cert: certs.etcd.caFile, key: path.join(certs.dir, 'ca-key.pem') };
}

function consoleTlsEnv(files: TlsClientFiles): Record<string, string> {
  return { ETCD_CA_FILE: files.caFile, ETCD_CERT_FILE: files.certFile, ETCD_KEY_FILE: files.keyFile };
}

const health = () => call(healthRoute.GET, '/api/v1/health');

describe('every area over mutual TLS on a 3-member cluster', () => {
  let etcd: TestEtcd;
  let tls: TlsClientFiles;
  beforeAll(async () => {
    etcd = await startTestEtcd({ members: 3, tls: true });
    tls = etcd.clientTls as TlsClientFiles;
    useConsoleEtcd(etcd.endpoints, consoleTlsEnv(tls));
  });
  afterAll(async () => {
    closeMemberClients();
    resetConsoleClient();
    await etcd?.destroy();
  });

  it('serves health, keys and the watch stream over https endpoints', async () => {
    expect(etcd.endpoints.every((e) => e.startsWith('https://'))).toBe(true);
    expect((await health()).status).toBe(200);
    const put = await call(itemRoute.PUT, '/api/v1/kv/item', {
      method: 'PUT',
      body: { key: '/tls/a', value: 'one' },
    });
    expect(put.status).toBe(200);
    const got = await call(itemRoute.GET, `/api/v1/kv/item?key=${encodeURIComponent('/tls/a')}`);
    expect(got.body.item.value).toBe('one');

    const controller = new AbortController();
    const res = await watchRoute.GET(
      new Request(`http://console/api/v1/watch?prefix=${encodeURIComponent('/tls/')}`, {
        signal: controller.signal,
      }),
      routeContext(),
    );
    const sse = new SseReader(res);
    await sse.until((events) => events.some((e) => e.event === 'ready'), 5000);
    await etcd.client.put('/tls/b').value('two');
    await sse.until((events) => events.some((e) => e.event === 'change' && e.data.includes('/tls/b')), 5000);
    const change = sse.named('change').find((e) => e.data.includes('/tls/b'));
    expect(JSON.parse(change?.data ?? '{}').events[0]).toMatchObject({ key: '/tls/b', value: 'two' });
    controller.abort();
  });

  it('lists a service registered by the SDK over TLS, and runs a command through a TLS worker', async () => {
    const sdkEtcd = { endpoints: etcd.endpoints, ...tls };
    const instance = await registerInstance({
      service: 'tls-api',
      id: 'a1',
      address: '127.0.0.1',
      port: 8443,
      ttl: 10,
      etcd: sdkEtcd,
    });
    const worker = await startWorker({
      group: 'tls',
      id: 'tls-1',
      ttlSeconds: 5,
      etcd: sdkEtcd,
      handlers: { echo: (payload) => ({ got: payload }) },
    });
    try {
      const services = await call(servicesRoute.GET, '/api/v1/services');
      expect(services.body.services.map((s: { name: string }) => s.name)).toContain('tls-api');
      const sent = await call(commandsRoute.POST, '/api/v1/commands', {
        method: 'POST',
        body: { group: 'tls', type: 'echo', payload: { n: 1 }, mode: 'any' },
      });
      expect(sent.status).toBe(201);
      const done = await within(
        10_000,
        async () => {
          const c = await commandRoute.GET(new Request(`http://console/api/v1/commands/${sent.body.id}`), {
            params: Promise.resolve({ id: sent.body.id }),
          });
          const body = await c.json();
          return body.state === 'succeeded' ? body : null;
        },
        'command succeeded',
      );
      expect(done.runs[0].result).toEqual({ got: { n: 1 } });
    } finally {
      await worker.close({ graceMs: 0 });
      await instance.close();
    }
  });

  it('registers a program through the sidecar over TLS, and forgets it when the program exits', async () => {
    const sidecar = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        path.resolve(import.meta.dirname, '../../packages/sdk/src/sidecar/cli.ts'),
        'register',
        '--service',
        'tls-sidecar',
        '--address',
        '127.0.0.1',
        '--port',
        '9555',
        '--ttl',
        '5',
        '--',
        'sleep',
        '3',
      ],
      {
        env: { ...process.env, ETCD_ENDPOINTS: etcd.endpoints.join(','), ...consoleTlsEnv(tls) },
        stdio: 'ignore',
      },
    );
    const exited = new Promise<number | null>((resolve) => sidecar.once('exit', resolve));
    const names = async () =>
      (await call(servicesRoute.GET, '/api/v1/services')).body.services.map((s: { name: string }) => s.name);
    await within(
      15_000,
      async () => (await names()).includes('tls-sidecar'),
      'the sidecar registered the program',
    );
    expect(await exited).toBe(0);
    await within(5_000, async () => !(await names()).includes('tls-sidecar'), 'deregistered when it exited');
  });

  it('dials every member at its own https URL, defragments, streams a snapshot and lists alarms', async () => {
    const cluster = await call(clusterRoute.GET, '/api/v1/cluster');
    expect(cluster.status).toBe(200);
    expect(cluster.body.members).toHaveLength(3);
    for (const m of cluster.body.members) {
      expect(m.clientUrls[0]).toMatch(/^https:\/\/127\.0\.0\.1:/);
      expect(m.error).toBeNull();
      expect(m.status).not.toBeNull();
    }
    const started = await call(defragRoute.POST, '/api/v1/cluster/defrag', { method: 'POST' });
    expect(started.status).toBe(202);
    const job = await within(
      30_000,
      async () => {
        const j = (await call(defragRoute.GET, '/api/v1/cluster/defrag')).body.job;
        return j.state !== 'running' ? j : null;
      },
      'defrag done',
    );
    expect(job.state).toBe('done');
    const snapshot = await snapshotRoute.GET(
      new Request('http://console/api/v1/cluster/snapshot'),
      routeContext(),
    );
    expect(snapshot.status).toBe(200);
    expect((await snapshot.arrayBuffer()).byteLength).toBeGreaterThan(4096);
    expect((await call(alarmsRoute.GET, '/api/v1/cluster/alarms')).status).toBe(200);
  });
});

describe('a bad certificate file stops the console at start with one line', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'etcd-console-badtls-'));
  const certs = makeTestCerts(path.join(dir, 'good'));
  const check = async (env: Record<string, string>) => {
    try {
      await run(process.execPath, ['--import', 'tsx', 'scripts/check-config.ts'], {
        env: { ...process.env, CONSOLE_HOST: '127.0.0.1', ETCD_ENDPOINTS: 'https://127.0.0.1:2379', ...env },
      });
      return { code: 0, stderr: '' };
    } catch (error) {
      const e = error as { code: number; stderr: string };
      return { code: e.code, stderr: e.stderr };
    }
  };
  const oneLine = (stderr: string) =>
    stderr
      .trim()
      .split('\n')
      .filter((l) => !l.startsWith('Warning'));

  it('names the variable and the file: missing, not PEM, a key that is not the certificate’s', async () => {
    const missing = await check({ ...consoleTlsEnv(certs.client), ETCD_CA_FILE: path.join(dir, 'nope.pem') });
    expect(missing.code).toBe(1);
    expect(oneLine(missing.stderr)).toEqual([
      `Invalid configuration: ETCD_CA_FILE: ${path.join(dir, 'nope.pem')}: no such file`,
    ]);

    const garbage = path.join(dir, 'garbage.pem');
    fs.writeFileSync(garbage, 'not a certificate\n');
    const notPem = await check({ ...consoleTlsEnv(certs.client), ETCD_CERT_FILE: garbage });
    expect(notPem.code).toBe(1);
    expect(oneLine(notPem.stderr)).toEqual([
      `Invalid configuration: ETCD_CERT_FILE: ${garbage}: not PEM (no "-----BEGIN" line)`,
    ]);

    const otherKey = makeCert(dir, 'other-client', caOf(certs), {
      commonName: 'other',
      usage: 'client',
    });
    const mismatch = await check({ ...consoleTlsEnv(certs.client), ETCD_KEY_FILE: otherKey.key });
    expect(mismatch.code).toBe(1);
    expect(oneLine(mismatch.stderr)[0]).toMatch(
      /^Invalid configuration: ETCD_KEY_FILE: .*not the key of the certificate in ETCD_CERT_FILE/,
    );

    const fine = await check(consoleTlsEnv(certs.client));
    expect(fine.code).toBe(0);
  });
});

describe('a failed handshake is a named configuration error in /api/v1/health', () => {
  let etcd: TestEtcd;
  let certs: ReturnType<typeof makeTestCerts>;
  let other: { cert: string; key: string };
  beforeAll(async () => {
    certs = makeTestCerts();
    other = makeCa(certs.dir, 'other-ca');
    etcd = await startTestEtcd({ tls: certs.etcd });
  });
  afterAll(async () => {
    resetConsoleClient();
    await etcd?.destroy();
  });

  const expectTlsFailure = async (variable: string, file: string | null, what: RegExp) => {
    const res = await within(
      10_000,
      async () => {
        const h = await health();
        return h.status === 503 ? h : null;
      },
      'health 503',
    );
    expect(res.body.error.details).toEqual({ reason: 'tls', setting: variable });
    expect(res.body.error.message).toMatch(/^TLS handshake with etcd failed: /);
    expect(res.body.error.message).toMatch(what);
    expect(res.body.error.message).toContain(file ? `${variable} (${file})` : variable);
    expect(res.body.error.message).not.toMatch(/\n|at .*\.js|SSL routines/);
  };

  it('wrong CA: etcd’s certificate is not signed by the CA in ETCD_CA_FILE', async () => {
    useConsoleEtcd(etcd.endpoints, { ...consoleTlsEnv(certs.client), ETCD_CA_FILE: other.cert });
    await expectTlsFailure('ETCD_CA_FILE', other.cert, /not signed by this CA/);
  });

  it('a client certificate signed by another CA is refused by etcd', async () => {
    const stranger = makeCert(certs.dir, 'stranger', other, { commonName: 'stranger', usage: 'client' });
    useConsoleEtcd(etcd.endpoints, {
      ...consoleTlsEnv(certs.client),
      ETCD_CERT_FILE: stranger.cert,
      ETCD_KEY_FILE: stranger.key,
    });
    await expectTlsFailure('ETCD_CERT_FILE', stranger.cert, /etcd refused the client certificate/);
  });

  it('name mismatch: etcd’s certificate does not name the endpoint’s host', async () => {
    const wrong = makeCert(certs.dir, 'wrong-name', caOf(certs), {
      commonName: 'etcd',
      altNames: ['DNS:etcd.invalid'],
      usage: 'both',
    });
    // Started without the test helper's client, which checks names too.
    const misnamed = await startEtcd({ tls: { ...certs.etcd, certFile: wrong.cert, keyFile: wrong.key } });
    try {
      useConsoleEtcd(misnamed.endpoints, consoleTlsEnv(certs.client));
      await expectTlsFailure('ETCD_ENDPOINTS', null, /does not name the endpoint's host/);
    } finally {
      resetConsoleClient();
      await misnamed.destroy();
    }
  });
});

describe('certificate rotation on disk, without a restart', () => {
  it('moves to the new client certificate when the files change; etcd then trusts only the new CA', async () => {
    const certs = makeTestCerts();
    // etcd trusts clients signed by the CA in trusted.pem; the console's own files are copies it may rewrite.
    const trusted = path.join(certs.dir, 'trusted.pem');
    fs.copyFileSync(certs.etcd.caFile, trusted);
    const own = {
      caFile: certs.client.caFile,
      certFile: path.join(certs.dir, 'own.pem'),
      keyFile: path.join(certs.dir, 'own-key.pem'),
    };
    fs.copyFileSync(certs.client.certFile, own.certFile);
    fs.copyFileSync(certs.client.keyFile, own.keyFile);
    const etcdTls = { ...certs.etcd, trustedCaFile: trusted };
    const etcd = await startTestEtcd({ tls: etcdTls });
    try {
      useConsoleEtcd(etcd.endpoints, { ...consoleTlsEnv(own), ETCD_TLS_RELOAD_MS: '200' });
      const put = (value: string) =>
        call(itemRoute.PUT, '/api/v1/kv/item', { method: 'PUT', body: { key: '/rotated', value } });
      expect((await put('before')).status).toBe(200);

      // A new client CA and certificate; the console's files are replaced (key first, as an operator's tool might).
      const ca2 = makeCa(certs.dir, 'ca2');
      const next = makeCert(certs.dir, 'client2', ca2, { commonName: 'console', usage: 'client' });
      fs.copyFileSync(next.key, own.keyFile);
      fs.copyFileSync(next.cert, own.certFile);
      await new Promise((r) => setTimeout(r, 1000));
      // etcd now trusts only the new CA: only a console that took the new files can reconnect.
      fs.copyFileSync(ca2.cert, trusted);
      etcdTls.client = { certFile: next.cert, keyFile: next.key }; // for the start-up probe
      await etcd.members[0]?.stop();
      await etcd.members[0]?.start();
      await within(15_000, async () => (await health()).status === 200, 'health 200 after rotation');
      expect((await put('after')).status).toBe(200);
      expect(
        await etcd.etcdctl(
          'get',
          '/rotated',
          '--print-value-only',
          `--cert=${next.cert}`,
          `--key=${next.key}`,
        ),
      ).toBe('after\n');
    } finally {
      resetConsoleClient();
      await etcd.destroy();
    }
  });
});
