// Runs deploy/nginx.conf, as shipped, in front of console replicas: only its listen ports, replica addresses and
// file paths are replaced. nginx runs in the foreground as our child, with everything under a temp dir, and is
// stopped by PID.
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { ensureNginx, projectRoot } from '../../scripts/lib/ensure.mjs';
import { freePort } from '../../scripts/lib/free-port.mjs';
import { makeCa, makeCert } from '../../scripts/lib/tls-certs.mjs';

export const SHIPPED_CONFIG = path.join(projectRoot, 'deploy', 'nginx.conf');

export type Nginx = {
  /** https://127.0.0.1:<port>, the TLS server of the shipped file */
  url: string;
  dir: string;
  child: ChildProcess;
  errorLog: () => string;
  stop: () => Promise<void>;
};

type Substitution = { from: RegExp; to: (match: string, index: number) => string; count: number };

/** Replaces what must differ on this machine; a line that moved or changed in the shipped file fails loudly. */
function substitute(text: string, substitutions: Substitution[]): string {
  let out = text;
  for (const s of substitutions) {
    let seen = 0;
    out = out.replace(s.from, (match) => s.to(match, seen++));
    if (seen !== s.count) {
      throw new Error(`deploy/nginx.conf: expected ${s.count} match(es) of ${s.from}, found ${seen}`);
    }
  }
  return out;
}

/** The shipped config with this test's ports, replicas and paths. */
export function templateConfig(
  shipped: string,
  options: {
    httpsPort: number;
    httpPort: number;
    replicas: string[];
    cert: string;
    key: string;
    logs: string;
  },
): string {
  return substitute(shipped, [
    {
      from: /^(\s*)server 10\.0\.0\.\d+:3000 /gm,
      to: (m, i) => m.replace(/10\.0\.0\.\d+:3000/, options.replicas[i] ?? 'missing-replica'),
      count: options.replicas.length,
    },
    { from: /^(\s*)listen 80;$/gm, to: (m) => m.replace('80', `127.0.0.1:${options.httpPort}`), count: 1 },
    {
      from: /^(\s*)listen 443 ssl http2;$/gm,
      to: (m) => m.replace('443', `127.0.0.1:${options.httpsPort}`),
      count: 1,
    },
    { from: /\/etc\/ssl\/etcd-console\/fullchain\.pem/g, to: () => options.cert, count: 1 },
    { from: /\/etc\/ssl\/etcd-console\/privkey\.pem/g, to: () => options.key, count: 1 },
    { from: /\/var\/log\/nginx\//g, to: () => `${options.logs}/`, count: 2 },
  ]);
}

/** What Debian's /etc/nginx/nginx.conf provides around conf.d, with every path inside `dir`. */
function mainConfig(dir: string, site: string): string {
  const temp = (name: string) => path.join(dir, 'temp', name);
  return `worker_processes 1;
events { worker_connections 512; }
http {
    client_body_temp_path ${temp('body')};
    proxy_temp_path ${temp('proxy')};
    fastcgi_temp_path ${temp('fastcgi')};
    uwsgi_temp_path ${temp('uwsgi')};
    scgi_temp_path ${temp('scgi')};
    include ${site};
}
`;
}

async function waitForPort(port: number, child: ChildProcess, errorLog: () => string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`nginx exited with ${child.exitCode}:\n${errorLog()}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => {
        socket.end();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`nginx did not listen on ${port}:\n${errorLog()}`);
}

/** Starts nginx on free loopback ports in front of `replicas` (host:port each). */
export async function startNginx(replicas: string[]): Promise<Nginx> {
  const binary = ensureNginx();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'etcd-console-nginx-'));
  // Workers run as `nobody` when nginx starts as root: they need to reach the temp dirs.
  fs.chmodSync(dir, 0o755);
  for (const sub of ['logs', 'temp', 'tls']) fs.mkdirSync(path.join(dir, sub), { mode: 0o755 });
  const ca = makeCa(path.join(dir, 'tls'));
  const tls = makeCert(path.join(dir, 'tls'), 'console', ca, {
    commonName: '127.0.0.1',
    altNames: ['IP:127.0.0.1', 'DNS:localhost'],
    usage: 'server',
  });
  const [httpsPort, httpPort] = [await freePort(), await freePort()];
  const site = path.join(dir, 'etcd-console.conf');
  fs.writeFileSync(
    site,
    templateConfig(fs.readFileSync(SHIPPED_CONFIG, 'utf8'), {
      httpsPort,
      httpPort,
      replicas,
      cert: tls.cert,
      key: tls.key,
      logs: path.join(dir, 'logs'),
    }),
  );
  const main = path.join(dir, 'nginx.conf');
  fs.writeFileSync(main, mainConfig(dir, site));
  const startLog = path.join(dir, 'logs', 'error.log');
  const errorLog = () =>
    ['error.log', 'etcd-console.error.log']
      .map((f) => path.join(dir, 'logs', f))
      .filter((f) => fs.existsSync(f))
      .map((f) => fs.readFileSync(f, 'utf8'))
      .join('');
  const child = spawn(
    binary,
    ['-p', `${dir}/`, '-e', startLog, '-c', main, '-g', `daemon off; pid ${path.join(dir, 'nginx.pid')};`],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  child.stderr?.on('data', (chunk: Buffer) => fs.appendFileSync(startLog, chunk));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await waitForPort(httpsPort, child, errorLog);
  return {
    url: `https://127.0.0.1:${httpsPort}`,
    dir,
    child,
    errorLog,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(timer);
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
