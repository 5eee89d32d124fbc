// Starts and stops real etcd processes (one member or a loopback cluster) for `npm start`, tests and benchmarks.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
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
 */

/**
 * @param {{ members?: number, dir?: string, clientPorts?: number[], peerPorts?: number[], extraArgs?: string[], log?: string | null, quiet?: boolean }} [options]
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
  const initialCluster = specs.map((s) => `${s.name}=http://127.0.0.1:${s.peerPort}`).join(',');
  const pidFile = path.join(dir, 'pids.json');
  const members = specs.map((spec) =>
    createMember(spec, initialCluster, dir, options, () => writePids(pidFile, members)),
  );
  startReaper(pidFile);
  await Promise.all(members.map((m) => m.start()));
  const cluster = {
    dir,
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
 * @param {{ extraArgs?: string[], log?: string | null, quiet?: boolean }} options
 * @param {() => void} onStarted
 * @returns {EtcdMember}
 */
function createMember(spec, initialCluster, dir, options, onStarted) {
  const clientUrl = `http://127.0.0.1:${spec.clientPort}`;
  const peerUrl = `http://127.0.0.1:${spec.peerPort}`;
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
        env: { ...process.env, ETCD_UNSUPPORTED_ARCH: process.env.ETCD_UNSUPPORTED_ARCH ?? '' },
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
      await waitForHealth(clientUrl, proc, logFile);
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
 * Waits until the member answers /health (a single member) or at least listens (a cluster still electing).
 * @param {string} clientUrl
 * @param {import('node:child_process').ChildProcess} proc
 * @param {string | null} logFile
 */
async function waitForHealth(clientUrl, proc, logFile) {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if (proc.exitCode !== null || proc.signalCode !== null) {
      const tail = logFile && fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8').slice(-2000) : '';
      throw new Error(
        `etcd exited with ${proc.exitCode ?? proc.signalCode} while starting at ${clientUrl}\n${tail}`,
      );
    }
    try {
      const res = await fetch(`${clientUrl}/version`, { signal: AbortSignal.timeout(500) });
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`etcd did not start at ${clientUrl} within 20 s`);
}
