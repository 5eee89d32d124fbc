// Starts and stops real etcd processes (one member or a loopback cluster) for `npm start`, tests and benchmarks.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './free-port.mjs';

export const ETCD_BIN = process.env.ETCD_BIN || '/usr/bin/etcd';

/**
 * @typedef {object} MemberSpec
 * @property {string} name
 * @property {number} clientPort
 * @property {number} peerPort
 * @property {string} dataDir
 */

/**
 * @typedef {object} EtcdMember
 * @property {string} name
 * @property {string} clientUrl
 * @property {string} peerUrl
 * @property {string} dataDir
 * @property {() => number | undefined} pid
 * @property {() => boolean} running
 * @property {(signal?: NodeJS.Signals) => Promise<void>} stop
 * @property {() => Promise<void>} start
 * @property {(signal?: NodeJS.Signals) => void} signal
 */

/**
 * @typedef {object} EtcdCluster
 * @property {string[]} endpoints
 * @property {EtcdMember[]} members
 * @property {string} dir
 * @property {() => Promise<void>} stop
 * @property {() => Promise<void>} destroy stops every member and removes the data directory
 * @property {EtcdTls | undefined} tls the files of a mutual-TLS cluster
 */

/**
 * Mutual TLS on client and peer URLs: etcd's own certificate and key, and the CA it trusts for clients and peers
 * (`--client-cert-auth`). `client` is a certificate a client may present.
 * @typedef {object} EtcdTls
 * @property {string} caFile the CA that signed etcd's certificate and that etcd trusts for clients
 * @property {string} certFile etcd's certificate (server and peer)
 * @property {string} keyFile
 * @property {string} [trustedCaFile] the CA etcd trusts for clients, when not caFile
 * @property {{ certFile: string, keyFile: string }} client
 */

/**
 * @param {{ members?: number, dir?: string, clientPorts?: number[], peerPorts?: number[], extraArgs?: string[], log?: string | null, quiet?: boolean, tls?: EtcdTls }} [options]
 * @returns {Promise<EtcdCluster>}
 */
export async function startEtcd(options = {}) {
  const count = options.members ?? 1;
  const dir = options.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'etcd-console-etcd-'));
  fs.mkdirSync(dir, { recursive: true });
  /** @type {MemberSpec[]} */
  const specs = [];
  for (let i = 0; i < count; i++) {
    specs.push({
      name: `m${i + 1}`,
      clientPort: options.clientPorts?.[i] ?? (await freePort()),
      peerPort: options.peerPorts?.[i] ?? (await freePort()),
      dataDir: path.join(dir, `m${i + 1}.etcd`),
    });
  }
  const scheme = options.tls ? 'https' : 'http';
  const initialCluster = specs.map((s) => `${s.name}=${scheme}://127.0.0.1:${s.peerPort}`).join(',');
  const pidFile = path.join(dir, 'pids.json');
  const members = specs.map((spec) =>
    createMember(spec, initialCluster, dir, options, () => writePids(pidFile, members)),
  );
  startReaper(pidFile);
  await Promise.all(members.map((m) => m.start()));
  const cluster = {
    dir,
    tls: options.tls,
    endpoints: members.map((m) => m.clientUrl),
    members,
    stop: async () => {
      await Promise.all(members.map((m) => m.stop()));
    },
    destroy: async () => {
      await cluster.stop();
      if (!options.dir) fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  return cluster;
}

/**
 * @param {string} pidFile
 * @param {EtcdMember[]} members
 */
function writePids(pidFile, members) {
  fs.writeFileSync(pidFile, JSON.stringify(members.map((m) => m.pid()).filter(Boolean)));
}

/**
 * A watchdog process that stops this cluster's members if the process that started them dies without
 * stopping them (a killed test worker, a crashed script): etcd has no parent-death signal of its own.
 * @param {string} pidFile
 */
function startReaper(pidFile) {
  const script = `
    const fs = require('node:fs');
    const [parent, file] = process.argv.slice(1);
    const alive = (pid) => { try { process.kill(pid, 0); return true; } catch { return false; } };
    const timer = setInterval(() => {
      if (alive(Number(parent))) return;
      clearInterval(timer);
      try { for (const pid of JSON.parse(fs.readFileSync(file, 'utf8'))) { try { process.kill(pid, 'SIGKILL'); } catch {} } } catch {}
      process.exit(0);
    }, 1000);`;
  const reaper = spawn(process.execPath, ['-e', script, String(process.pid), pidFile], {
    stdio: 'ignore',
    detached: true,
  });
  reaper.unref();
}

/**
 * @param {MemberSpec} spec
 * @param {string} initialCluster
 * @param {string} dir
 * @param {{ extraArgs?: string[], log?: string | null, quiet?: boolean, tls?: EtcdTls }} options
 * @param {() => void} onStarted
 * @returns {EtcdMember}
 */
function createMember(spec, initialCluster, dir, options, onStarted) {
  const scheme = options.tls ? 'https' : 'http';
  const clientUrl = `${scheme}://127.0.0.1:${spec.clientPort}`;
  const peerUrl = `${scheme}://127.0.0.1:${spec.peerPort}`;
  /** @type {import('node:child_process').ChildProcess | null} */
  let child = null;
  /** @type {Promise<void> | null} */
  let exited = null;
  const args = [
    `--name=${spec.name}`,
    `--data-dir=${spec.dataDir}`,
    `--listen-client-urls=${clientUrl}`,
    `--advertise-client-urls=${clientUrl}`,
    `--listen-peer-urls=${peerUrl}`,
    `--initial-advertise-peer-urls=${peerUrl}`,
    `--initial-cluster=${initialCluster}`,
    '--initial-cluster-state=new',
    `--initial-cluster-token=console-${path.basename(dir)}`,
    '--heartbeat-interval=100',
    '--election-timeout=1000',
    '--logger=zap',
    '--log-outputs=stderr',
    ...tlsArgs(options.tls),
    ...(options.extraArgs ?? []),
  ];
  const logFile = options.log === undefined ? path.join(dir, `${spec.name}.log`) : options.log;

  const member = {
    name: spec.name,
    clientUrl,
    peerUrl,
    dataDir: spec.dataDir,
    pid: () => (member.running() ? child?.pid : undefined),
    running: () => child !== null && child.exitCode === null && child.signalCode === null,
    signal: (/** @type {NodeJS.Signals} */ signal = 'SIGKILL') => {
      child?.kill(signal);
    },
    start: async () => {
      if (member.running()) return;
      const out = logFile ? fs.openSync(logFile, 'a') : 'ignore';
      const proc = spawn(ETCD_BIN, args, {
        stdio: ['ignore', out, out],
        env: etcdEnv(),
      });
      if (typeof out === 'number') fs.closeSync(out);
      child = proc;
      onStarted();
      exited = new Promise((resolve) =>
        proc.once('exit', () => {
          // Forget the pid at once: the reaper must never signal a recycled one.
          onStarted();
          resolve();
        }),
      );
      await waitForHealth(clientUrl, proc, logFile, options.tls);
    },
    stop: async (/** @type {NodeJS.Signals} */ signal = 'SIGTERM') => {
      const proc = child;
      if (!proc || !member.running()) return;
      proc.kill(signal);
      const timer = setTimeout(() => proc.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
  return member;
}

/**
 * The environment for an etcd process: etcd reads every ETCD_* variable as a flag (and refuses one that repeats a
 * flag), so the console's own (ETCD_ENDPOINTS, ETCD_CERT_FILE, …) are left out.
 */
function etcdEnv() {
  /** @type {Record<string, string>} */
  const env = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (value !== undefined && !name.startsWith('ETCD_')) env[name] = value;
  }
  env.ETCD_UNSUPPORTED_ARCH = process.env.ETCD_UNSUPPORTED_ARCH ?? '';
  return env;
}

/**
 * etcd's flags for mutual TLS on its client and peer URLs.
 * @param {EtcdTls | undefined} tls
 */
function tlsArgs(tls) {
  if (!tls) return [];
  const trusted = tls.trustedCaFile ?? tls.caFile;
  return [
    `--cert-file=${tls.certFile}`,
    `--key-file=${tls.keyFile}`,
    '--client-cert-auth',
    `--trusted-ca-file=${trusted}`,
    `--peer-cert-file=${tls.certFile}`,
    `--peer-key-file=${tls.keyFile}`,
    '--peer-client-cert-auth',
    `--peer-trusted-ca-file=${tls.caFile}`,
  ];
}

/**
 * GET a member's URL, presenting the client certificate of a TLS cluster.
 * @param {string} url
 * @param {EtcdTls | undefined} tls
 * @returns {Promise<{ ok: boolean, body: string }>}
 */
export function getMember(url, tls) {
  if (!tls) {
    return fetch(url, { signal: AbortSignal.timeout(500) }).then(async (r) => ({
      ok: r.ok,
      body: await r.text(),
    }));
  }
  return new Promise((resolve, reject) => {
    const req = https.get(
      url,
      {
        ca: fs.readFileSync(tls.caFile),
        cert: fs.readFileSync(tls.client.certFile),
        key: fs.readFileSync(tls.client.keyFile),
        // A readiness probe: a certificate for another name (the tests make one on purpose) still says it serves.
        checkServerIdentity: () => undefined,
        timeout: 500,
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c) => {
          body += c;
        });
        res.on('end', () => resolve({ ok: (res.statusCode ?? 0) < 300, body }));
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
  });
}

/**
 * Waits until the member answers /version (it listens and serves; a cluster may still be electing).
 * @param {string} clientUrl
 * @param {import('node:child_process').ChildProcess} proc
 * @param {string | null} logFile
 * @param {EtcdTls | undefined} tls
 */
async function waitForHealth(clientUrl, proc, logFile, tls) {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if (proc.exitCode !== null || proc.signalCode !== null) {
      const tail = logFile && fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8').slice(-2000) : '';
      throw new Error(
        `etcd exited with ${proc.exitCode ?? proc.signalCode} while starting at ${clientUrl}\n${tail}`,
      );
    }
    try {
      const res = await getMember(`${clientUrl}/version`, tls);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`etcd did not start at ${clientUrl} within 20 s`);
}
