// The SDKs as a user gets them: built, packed with `npm pack`, installed from the tarballs into a fresh project
// outside the repository, and run with plain `node` (no tsx, no TypeScript): a program registers an instance, runs
// a worker that completes a command and subscribes to config — each seen through the console's API.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as commandRoute from '@/app/api/v1/commands/[id]/route';
import * as commandsRoute from '@/app/api/v1/commands/route';
import * as serviceRoute from '@/app/api/v1/services/[name]/route';
import * as subscribersRoute from '@/app/api/v1/subscribers/route';
import { resetConsoleClient, routeContext, useConsoleEtcd } from '../helpers/console-env';
import { startTestEtcd, type TestEtcd } from '../helpers/etcd';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

const program = `
import { registerInstance } from '@etcd-console/sdk/registry';
import { startWorker } from '@etcd-console/sdk/worker';
import { subscribeConfig } from '@etcd-console/sdk/config';

const etcd = { endpoints: process.env.ETCD_ENDPOINTS.split(',') };
const instance = await registerInstance({ service: 'packed-api', id: 'p1', address: '127.0.0.1', port: 7001, ttl: 10, etcd });
const worker = await startWorker({
  group: 'packed', id: 'packed-1', ttlSeconds: 5, etcd,
  handlers: { add: (payload) => ({ sum: payload.a + payload.b }) },
});
const config = await subscribeConfig({
  prefix: '/config/packed/', app: 'packed-app', instanceId: 'i1', connection: { etcd },
  onChange: (snapshot, info) => console.log(JSON.stringify({ config: Object.fromEntries(snapshot), revision: info.revision })),
});
console.log(JSON.stringify({ ready: true, node: process.version, tsx: Boolean(process.env.TSX) }));
process.once('SIGTERM', async () => {
  await Promise.all([instance.close(), worker.close({ graceMs: 0 }), config.close()]);
  process.exit(0);
});
`;

async function call(
  handler: (r: Request, c: ReturnType<typeof routeContext>) => Promise<Response>,
  url: string,
  init: RequestInit = {},
  params: Record<string, string> = {},
) {
  const res = await handler(new Request(`http://console${url}`, init), routeContext(params));
  return { status: res.status, body: await res.json() };
}

async function within<T>(ms: number, probe: () => Promise<T | null | false>, what: string): Promise<T> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const value = await probe().catch(() => null);
    if (value) return value;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${what}: not within ${ms} ms`);
}

describe('the SDK packages, installed from their tarballs and run with plain node', () => {
  let etcd: TestEtcd;
  let child: ChildProcess | null = null;
  const lines: string[] = [];
  const project = fs.mkdtempSync(path.join(os.tmpdir(), 'etcd-console-sdk-user-'));

  beforeAll(async () => {
    etcd = await startTestEtcd();
    useConsoleEtcd(etcd.endpoints);
    // Build and pack both packages, as a release would.
    await run(npm, ['run', 'build:packages'], { cwd: root });
    const tarballs: string[] = [];
    for (const name of ['core', 'sdk']) {
      const { stdout } = await run(npm, ['pack', '--pack-destination', project, '--json'], {
        cwd: path.join(root, 'packages', name),
      });
      tarballs.push(path.join(project, JSON.parse(stdout)[0].filename));
    }
    fs.writeFileSync(
      path.join(project, 'package.json'),
      JSON.stringify({ name: 'user-app', private: true, type: 'module' }),
    );
    await run(npm, ['install', '--prefer-offline', '--no-audit', '--no-fund', ...tarballs], { cwd: project });
    fs.writeFileSync(path.join(project, 'app.mjs'), program);
  }, 300_000);

  afterAll(async () => {
    if (child && child.exitCode === null) {
      child.kill('SIGTERM');
      await new Promise((r) => child?.once('exit', r));
    }
    resetConsoleClient();
    await etcd?.destroy();
    fs.rmSync(project, { recursive: true, force: true });
  });

  it('installs JavaScript with type declarations, outside the repository', () => {
    const installed = path.join(project, 'node_modules', '@etcd-console', 'sdk');
    expect(fs.realpathSync(installed).startsWith(root)).toBe(false);
    const pkg = JSON.parse(fs.readFileSync(path.join(installed, 'package.json'), 'utf8'));
    expect(pkg.version).toMatch(/^\d+\.\d+\.\d+$/);
    for (const area of ['registry', 'worker', 'config']) {
      expect(fs.existsSync(path.join(installed, pkg.exports[`./${area}`].import))).toBe(true);
      expect(fs.existsSync(path.join(installed, pkg.exports[`./${area}`].types))).toBe(true);
    }
    expect(
      fs
        .readdirSync(path.join(installed, 'dist'), { recursive: true })
        .some((f) => String(f).endsWith('.ts') && !String(f).endsWith('.d.ts')),
    ).toBe(false);
  });

  it('installs the sidecar command: it answers bad arguments with its usage and exit code 2', async () => {
    const bin = path.join(project, 'node_modules', '.bin', 'etcd-console-sidecar');
    const result = await run(bin, ['register'], { cwd: project }).catch(
      (e: { code: number; stderr: string }) => e,
    );
    expect((result as { code: number }).code).toBe(2);
    expect((result as { stderr: string }).stderr).toMatch(/usage/i);
  });

  it('registers, works and subscribes from a plain node program, seen through the console', async () => {
    await etcd.client.put('/config/packed/limit').value('10');
    const program = spawn(process.execPath, ['app.mjs'], {
      cwd: project,
      env: { PATH: process.env.PATH ?? '', NODE_ENV: 'production', ETCD_ENDPOINTS: etcd.endpoints.join(',') },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    child = program;
    readline.createInterface({ input: program.stdout }).on('line', (l) => lines.push(l));
    await within(20_000, async () => lines.some((l) => l.includes('"ready":true')), 'the program started');
    expect(JSON.parse(lines.find((l) => l.includes('"ready"')) ?? '{}')).toMatchObject({ tsx: false });

    const service = await call(serviceRoute.GET, '/api/v1/services/packed-api', {}, { name: 'packed-api' });
    expect(service.status).toBe(200);
    expect(service.body.instances[0]).toMatchObject({
      id: 'p1',
      address: '127.0.0.1',
      port: 7001,
      status: 'up',
    });

    const sent = await call(commandsRoute.POST, '/api/v1/commands', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ group: 'packed', type: 'add', payload: { a: 2, b: 3 }, mode: 'any' }),
    });
    expect(sent.status).toBe(201);
    const done = await within(
      15_000,
      async () => {
        const c = await call(commandRoute.GET, `/api/v1/commands/${sent.body.id}`, {}, { id: sent.body.id });
        return c.body.state === 'succeeded' ? c.body : null;
      },
      'command succeeded',
    );
    expect(done.runs[0].result).toEqual({ sum: 5 });

    const put = await etcd.client.put('/config/packed/limit').value('20');
    const revision = Number(put.header.revision);
    await within(10_000, async () => lines.some((l) => l.includes('"limit":"20"')), 'config change applied');
    const subscribers = await within(
      10_000,
      async () => {
        const s = await call(
          subscribersRoute.GET,
          `/api/v1/subscribers?prefix=${encodeURIComponent('/config/packed/')}`,
        );
        const app = s.body.subscribers?.find((x: { app: string }) => x.app === 'packed-app');
        return app && app.appliedRevision >= revision ? app : null;
      },
      'subscriber acknowledged the revision',
    );
    expect(subscribers).toMatchObject({ app: 'packed-app', instance: 'i1' });
  });
});
