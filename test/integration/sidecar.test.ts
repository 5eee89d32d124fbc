// The sidecar CLI as real processes on a real etcd, seen through the console's API: register (a Python server
// with an HTTP health check), worker (a shell-script handler), config (files, a reload command, propagation).
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { call, waitFor } from '../fixtures/worker-harness';
import { resetConsoleClient, useConsoleEtcd } from '../helpers/console-env';
import { startTestEtcd, type TestEtcd } from '../helpers/etcd';

const root = path.resolve(import.meta.dirname, '../..');
const cli = path.join(root, 'packages/sdk/src/sidecar/cli.ts');

type Sidecar = {
  proc: ChildProcess;
  output: () => { stdout: string; stderr: string };
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
};

let etcd: TestEtcd;
let tmp: string;
const running: Sidecar[] = [];
let servicesRoute: typeof import('@/app/api/v1/services/[name]/route');
let commandsRoute: typeof import('@/app/api/v1/commands/route');
let commandRoute: typeof import('@/app/api/v1/commands/[id]/route');
let cancelRoute: typeof import('@/app/api/v1/commands/[id]/cancel/route');
let propagationRoute: typeof import('@/app/api/v1/subscribers/propagation/route');

beforeAll(async () => {
  etcd = await startTestEtcd();
  useConsoleEtcd(etcd.endpoints, { ETCD_PREFIX: '' });
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sidecar-test-'));
  servicesRoute = await import('@/app/api/v1/services/[name]/route');
  commandsRoute = await import('@/app/api/v1/commands/route');
  commandRoute = await import('@/app/api/v1/commands/[id]/route');
  cancelRoute = await import('@/app/api/v1/commands/[id]/cancel/route');
  propagationRoute = await import('@/app/api/v1/subscribers/propagation/route');
});

afterEach(async (context) => {
  const stopped = running.splice(0);
  await Promise.all(stopped.map(stop));
  // A failure is easier to read with what the sidecars said.
  if (context.task.result?.state === 'fail')
    for (const s of stopped) {
      const { stdout, stderr } = s.output();
      const own = stderr.split('\n').filter((line) => line.startsWith('[etcd-console-sidecar'));
      console.error(s.proc.spawnargs.slice(4, 5), { stdout: stdout.slice(-2000), sidecar: own.slice(-30) });
    }
});

afterAll(async () => {
  resetConsoleClient();
  await etcd?.destroy();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

function sidecar(args: string[], env: Record<string, string> = {}): Sidecar {
  const proc = spawn(process.execPath, ['--import', 'tsx', cli, ...args], {
    cwd: root,
    env: { ...process.env, ETCD_ENDPOINTS: etcd.endpoints.join(','), ETCD_PREFIX: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  proc.stdout?.on('data', (chunk) => {
    stdout += String(chunk);
  });
  proc.stderr?.on('data', (chunk) => {
    stderr += String(chunk);
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    proc.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const handle = { proc, output: () => ({ stdout, stderr }), exited };
  running.push(handle);
  return handle;
}

async function stop(s: Sidecar): Promise<void> {
  if (s.proc.exitCode === null && s.proc.signalCode === null) s.proc.kill('SIGKILL');
  await s.exited;
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** The instances of a service as the console shows them; [] once the service has none. */
async function instances(service: string): Promise<Array<{ id: string; status: string; port?: number }>> {
  const res = await call(servicesRoute.GET, {
    path: `/api/v1/services/${service}`,
    params: { name: service },
  });
  if (res.status === 404) return [];
  expect(res.status).toBe(200);
  return res.json.instances;
}

const statusOf = async (service: string, id: string) =>
  (await instances(service)).find((i) => i.id === id)?.status ?? 'absent';

const untilStatus = (service: string, id: string, status: string, ms = 15_000) =>
  waitFor(async () => (await statusOf(service, id)) === status, ms, `${service}/${id} ${status}`);

describe('sidecar register', () => {
  it('registers a Python server, drains it while its health URL fails, and deregisters it when it exits', async () => {
    const port = await freePort();
    const served = fs.mkdtempSync(path.join(tmp, 'www-'));
    const healthFile = path.join(served, 'ok.txt');
    fs.writeFileSync(healthFile, 'ok');
    const side = sidecar([
      'register',
      ...['--service', 'pyapi', '--id', 'py1', '--address', '127.0.0.1', '--port', String(port)],
      ...['--ttl', '10', '--meta', 'lang=python', '--health', `http://127.0.0.1:${port}/ok.txt`],
      ...['--health-interval', '0.2', '--'],
      ...['python3', '-m', 'http.server', String(port), '--bind', '127.0.0.1', '--directory', served],
    ]);
    await untilStatus('pyapi', 'py1', 'up', 20_000);
    const [listed] = await instances('pyapi');
    expect(listed).toMatchObject({ id: 'py1', port, address: '127.0.0.1', metadata: { lang: 'python' } });

    fs.rmSync(healthFile);
    await untilStatus('pyapi', 'py1', 'draining');
    fs.writeFileSync(healthFile, 'ok');
    await untilStatus('pyapi', 'py1', 'up');

    // The program exits on its own (killed from outside the sidecar): the key goes with it, long before the TTL.
    const python = await childPid(side.proc.pid!, 'http.server');
    const killedAt = Date.now();
    process.kill(python, 'SIGTERM');
    expect(await side.exited).toEqual({ code: 128 + os.constants.signals.SIGTERM, signal: null });
    expect(await instances('pyapi')).toEqual([]);
    expect(Date.now() - killedAt).toBeLessThan(5000);
  });

  it('passes SIGTERM on to the program, deregisters, and exits with the program’s code', async () => {
    const side = sidecar([
      'register',
      ...[
        '--service',
        'shellsvc',
        '--id',
        's1',
        '--address',
        '10.0.0.7',
        '--port',
        '8080',
        '--ttl',
        '30',
        '--',
      ],
      ...['sh', '-c', 'trap "exit 7" TERM; while :; do sleep 0.1; done'],
    ]);
    await untilStatus('shellsvc', 's1', 'up');
    side.proc.kill('SIGTERM');
    expect((await side.exited).code).toBe(7);
    expect(await instances('shellsvc')).toEqual([]);
  });
});

/** The sidecar's child running `pattern` (tsx's esbuild service is a child of the sidecar too). */
async function childPid(parent: number, pattern: string): Promise<number> {
  const { stdout } = await promisify(execFile)('pgrep', ['-P', String(parent), '-f', pattern]);
  const pids = stdout.trim().split('\n').map(Number);
  expect(pids).toHaveLength(1);
  return pids[0]!;
}

describe('sidecar worker', () => {
  const handler = `payload=$(cat)
case "$ETCD_CONSOLE_COMMAND_TYPE" in
  deploy) echo progress 40 half; echo "deploying $payload"; echo boom >&2; exit 3 ;;
  echo) echo progress 100 done; echo "{\\"got\\": $payload}" ;;
  hold) trap 'echo term > "$MARK"; exit 0' TERM; echo progress 10 holding; while :; do sleep 0.1; done ;;
esac`;
  const post = (type: string, payload: unknown) =>
    call(commandsRoute.POST, {
      method: 'POST',
      path: '/api/v1/commands',
      body: { group: 'push', type, payload, mode: 'any' },
    });
  const untilState = (id: string, state: string) =>
    waitFor(
      async () => {
        const res = await call(commandRoute.GET, { path: `/api/v1/commands/${id}`, params: { id } });
        return res.json.state === state ? res.json : null;
      },
      30_000,
      `${id} ${state}`,
    );

  it('runs a shell handler per command: progress lines, result, failure by exit code, cancel by SIGTERM', async () => {
    const mark = path.join(tmp, 'hold-terminated');
    const side = sidecar(
      [
        'worker',
        ...['--group', 'push', '--id', 'sh-1', '--type', 'deploy', '--type', 'echo', '--type', 'hold', '--'],
        ...['sh', '-c', handler],
      ],
      { MARK: mark },
    );

    const failing = (await post('deploy', { v: 2 })).json.id;
    const failed = await untilState(failing, 'failed');
    expect(failed.runs[0]).toMatchObject({ workerId: 'sh-1', percent: 40, message: 'half' });
    expect(failed.runs[0].error).toMatchObject({ code: 'exit_3', name: 'HandlerExitError' });
    expect(failed.runs[0].error.message).toMatch(/exited with code 3: boom/);
    expect(side.output().stdout).toContain(`[${failing}] deploying {"v":2}`);

    const echoing = (await post('echo', { a: 1 })).json.id;
    const succeeded = await untilState(echoing, 'succeeded');
    expect(succeeded.runs[0]).toMatchObject({ percent: 100, result: { got: { a: 1 } }, error: null });

    const holding = (await post('hold', null)).json.id;
    // Progress 10 comes after the handler's TERM trap is set.
    const held = await untilState(holding, 'running');
    await waitFor(
      async () =>
        (await call(commandRoute.GET, { path: `/api/v1/commands/${holding}`, params: { id: holding } })).json
          .runs[0]?.percent === 10,
      10_000,
      'the hold handler to report progress',
    );
    expect(held.runs[0].workerId).toBe('sh-1');
    const cancelled = await call(cancelRoute.POST, {
      method: 'POST',
      path: `/api/v1/commands/${holding}/cancel`,
      params: { id: holding },
    });
    expect(cancelled.status).toBe(200);
    const final = await untilState(holding, 'cancelled');
    expect(final.runs[0].error).toMatchObject({ code: 'cancelled' });
    expect(fs.readFileSync(mark, 'utf8').trim()).toBe('term');
  });
});

describe('sidecar config', () => {
  const prefix = '/config/sideapp/';
  const propagation = async (key: string, revision: number) => {
    const query = `?key=${encodeURIComponent(key)}&revision=${revision}`;
    const res = await propagationRoute.GET(
      new Request(`http://console/api/v1/subscribers/propagation${query}`),
      { params: Promise.resolve({}) },
    );
    expect(res.status).toBe(200);
    return res.json() as Promise<{
      applied: Array<{ app: string; instance: string; appliedRevision: number }>;
      errored: Array<{ instance: string; error: { message: string } }>;
      complete: boolean;
    }>;
  };
  const put = async (key: string, value: string) =>
    Number((await etcd.client.put(key).value(value).exec()).header.revision);
  const reloads = (log: string) =>
    fs.existsSync(log) ? fs.readFileSync(log, 'utf8').trim().split('\n') : [];

  it('writes files, reloads once per applied revision and is listed as applied in the propagation view', async () => {
    const out = path.join(tmp, 'conf');
    const log = path.join(tmp, 'reload.log');
    await put(`${prefix}app.yaml`, 'port: 1\n');
    await put(`${prefix}nested/feature.json`, '{"on": false}');
    await put(`${prefix}../escape`, 'nope');
    // A stale file from an earlier run, listed in its manifest, goes away at start.
    fs.mkdirSync(out, { recursive: true });
    fs.writeFileSync(path.join(out, 'gone.txt'), 'old');
    fs.writeFileSync(path.join(out, '.etcd-console-sidecar.json'), '["gone.txt"]');
    const side = sidecar([
      'config',
      ...['--prefix', prefix, '--out', out, '--instance', 'side-1'],
      ...['--exec', `sh -c 'echo "reloaded $ETCD_CONSOLE_REVISION" >> ${log}'`],
    ]);
    await waitFor(async () => reloads(log).length === 1, 20_000, 'the first reload');
    // The unsafe key is skipped and reported after the reload, as the revision's error.
    await waitFor(async () => side.output().stderr.includes('not a safe relative path'), 5000, 'the report');
    expect(fs.readFileSync(path.join(out, 'app.yaml'), 'utf8')).toBe('port: 1\n');
    expect(fs.readFileSync(path.join(out, 'nested/feature.json'), 'utf8')).toBe('{"on": false}');
    expect(fs.existsSync(path.join(tmp, 'escape'))).toBe(false);
    expect(fs.existsSync(path.join(out, 'gone.txt'))).toBe(false);

    const changed = await put(`${prefix}app.yaml`, 'port: 2\n');
    const view = await waitFor(
      async () => {
        const p = await propagation(`${prefix}app.yaml`, changed);
        return p.applied.some((a) => a.instance === 'side-1') ? p : null;
      },
      15_000,
      'side-1 applied',
    );
    expect(view.applied.find((a) => a.instance === 'side-1')).toMatchObject({ app: 'sideapp' });
    expect(fs.readFileSync(path.join(out, 'app.yaml'), 'utf8')).toBe('port: 2\n');

    const removed = Number(
      (await etcd.client.delete().key(`${prefix}nested/feature.json`).exec()).header.revision,
    );
    await waitFor(async () => reloads(log).length === 3, 15_000, 'the third reload');
    expect(fs.existsSync(path.join(out, 'nested'))).toBe(false);
    // Once per applied revision, in order, and never more.
    await new Promise((r) => setTimeout(r, 500));
    expect(reloads(log).slice(1)).toEqual([`reloaded ${changed}`, `reloaded ${removed}`]);
  });

  it('reports a failing reload command as the subscriber’s error for that revision', async () => {
    const side = sidecar([
      'config',
      ...['--prefix', '/config/failing/', '--out', path.join(tmp, 'conf-fail'), '--instance', 'fail-1'],
      ...['--exec', 'exit 4'],
    ]);
    await waitFor(async () => side.output().stderr.includes('follows /config/failing/'), 20_000, 'started');
    const revision = await put('/config/failing/x', '1');
    const view = await waitFor(
      async () => {
        const p = await propagation('/config/failing/x', revision);
        return p.errored.length === 1 ? p : null;
      },
      15_000,
      'fail-1 errored',
    );
    expect(view.errored[0]).toMatchObject({ instance: 'fail-1' });
    expect(view.errored[0]!.error.message).toContain('exited with code 4');
  });
});

describe('sidecar arguments', () => {
  it.each([
    ['no command', []],
    ['an unknown command', ['serve']],
    ['register without --service', ['register', '--address', 'a', '--', 'true']],
    ['register without a program', ['register', '--service', 'a', '--address', 'b']],
    [
      'a port that is not a number',
      ['register', '--service', 'a', '--address', 'b', '--port', 'x', '--', 'true'],
    ],
    ['an unknown flag', ['worker', '--group', 'g', '--type', 't', '--bogus', '--', 'true']],
    ['a malformed --meta', ['register', '--service', 'a', '--address', 'b', '--meta', 'nokey', '--', 'true']],
    ['a prefix without a trailing slash', ['config', '--prefix', '/config/a', '--out', '/tmp/x']],
  ])('exits 2 with the usage on stderr for %s', async (_case, args) => {
    const side = sidecar(args);
    expect((await side.exited).code).toBe(2);
    expect(side.output().stderr).toMatch(/^etcd-console-sidecar: .+\n\nUsage:\n/);
  });
});
