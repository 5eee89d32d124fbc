// `npm run cluster`: a 3-member etcd cluster on loopback, the console against all three, the demo, and a prompt
// to kill and restart members, to watch a failover. Flags: --no-console (etcd only), --no-demo, --tls (mutual TLS on
// client and peer URLs, certificates made once under .data/cluster/tls/).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { ensureBuild, ensureEtcd, ensureNodeModules, projectRoot, say } from './lib/ensure.mjs';

const args = new Set(process.argv.slice(2));
const dir = path.join(projectRoot, '.data', 'cluster');
const portsFile = path.join(dir, 'ports.json');

/** @type {Array<() => Promise<void>>} */
const stoppers = [];
let stopping = false;

/** @param {number} code */
async function stopAll(code) {
  if (stopping) return;
  stopping = true;
  say('stopping…');
  for (const stop of stoppers.reverse()) await stop().catch(() => {});
  process.exit(code);
}

/**
 * Last run's client and peer ports when all are free: the members' data remembers its peers' URLs, so the
 * cluster (and its data) comes back only on the same ports.
 * @param {(port: number) => Promise<boolean>} isPortFree
 * @returns {Promise<{ client: number[], peer: number[] } | undefined>}
 */
async function savedPorts(isPortFree) {
  if (!fs.existsSync(portsFile)) return undefined;
  const saved = JSON.parse(fs.readFileSync(portsFile, 'utf8'));
  // Members remember their peers' URLs, scheme included: data made with(out) TLS is not reusable the other way.
  if (Boolean(saved.tls) !== args.has('--tls')) return undefined;
  if (!Array.isArray(saved.client) || saved.client.length !== 3) return undefined;
  if (!Array.isArray(saved.peer) || saved.peer.length !== 3) return undefined;
  for (const port of [...saved.client, ...saved.peer]) if (!(await isPortFree(port))) return undefined;
  return saved;
}

/** Member data is only reusable on the ports it was created with; otherwise start the cluster afresh. */
function clearMemberData() {
  fs.mkdirSync(dir, { recursive: true });
  for (const entry of fs.readdirSync(dir)) {
    if (entry.endsWith('.etcd')) fs.rmSync(path.join(dir, entry), { recursive: true, force: true });
  }
}

/**
 * The CA, etcd's certificate and the client certificate for `--tls`, made once and kept with the cluster's data.
 * @returns {Promise<import('./lib/etcd-server.mjs').EtcdTls>}
 */
async function clusterCertificates() {
  const tlsDir = path.join(dir, 'tls');
  const { makeEtcdCerts } = await import('./lib/tls-certs.mjs');
  const certs = fs.existsSync(path.join(tlsDir, 'client.pem'))
    ? {
        ca: { cert: path.join(tlsDir, 'ca.pem') },
        server: { cert: path.join(tlsDir, 'server.pem'), key: path.join(tlsDir, 'server-key.pem') },
        client: { cert: path.join(tlsDir, 'client.pem'), key: path.join(tlsDir, 'client-key.pem') },
      }
    : makeEtcdCerts(tlsDir);
  say(`mutual TLS: CA ${certs.ca.cert}, client certificate ${certs.client.cert}`);
  return {
    caFile: certs.ca.cert,
    certFile: certs.server.cert,
    keyFile: certs.server.key,
    client: { certFile: certs.client.cert, keyFile: certs.client.key },
  };
}

/**
 * @param {string[]} endpoints
 * @param {import('./lib/etcd-server.mjs').EtcdTls} [tls]
 */
async function waitForLeader(endpoints, tls) {
  const { getMember } = await import('./lib/etcd-server.mjs');
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    for (const url of endpoints) {
      try {
        const res = await getMember(`${url}/health`, tls);
        if (res.ok && JSON.parse(res.body).health === 'true') return;
      } catch {
        // not serving yet
      }
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the etcd cluster elected no leader within 20 s');
}

/** @param {import('./lib/etcd-server.mjs').EtcdCluster} cluster */
function printMembers(cluster) {
  for (const m of cluster.members) {
    const state = m.running() ? `pid ${m.pid()}` : 'stopped';
    say(`  ${m.name}  ${m.clientUrl}  (${state}, log .data/cluster/${m.name}.log)`);
  }
}

/** @param {import('./lib/etcd-server.mjs').EtcdCluster} cluster */
function printFailoverHelp(cluster) {
  const endpoints = cluster.endpoints.join(',');
  const tlsFlags = process.env.ETCD_CA_FILE
    ? ` --cacert=${process.env.ETCD_CA_FILE} --cert=${process.env.ETCD_CERT_FILE} --key=${process.env.ETCD_KEY_FILE}`
    : '';
  say('try a failover:');
  say(
    `  1. find the leader:  ETCDCTL_API=3 etcdctl --endpoints=${endpoints}${tlsFlags} endpoint status -w table`,
  );
  say(
    '  2. type "kill m2" (any member name) and Enter here: it gets SIGKILL; the console shows a new leader',
  );
  say(
    '  3. type "start m2" to bring it back on the same ports and data; "members" lists them; Ctrl-C stops all',
  );
}

/**
 * Reads "kill <name>", "start <name>" and "members" from the terminal.
 * @param {import('./lib/etcd-server.mjs').EtcdCluster} cluster
 */
function acceptCommands(cluster) {
  if (!process.stdin.isTTY) return;
  const rl = readline.createInterface({ input: process.stdin });
  stoppers.push(async () => rl.close());
  rl.on('line', (line) => {
    const [verb, name] = line.trim().split(/\s+/);
    if (verb === 'members') return printMembers(cluster);
    const member = cluster.members.find((m) => m.name === name);
    if (!member || (verb !== 'kill' && verb !== 'start')) {
      say('commands: kill <m1|m2|m3>, start <m1|m2|m3>, members');
      return;
    }
    const action = verb === 'kill' ? member.stop('SIGKILL') : member.start();
    action.then(
      () => say(`${member.name} ${verb === 'kill' ? 'killed' : `started (pid ${member.pid()})`}`),
      (/** @type {unknown} */ error) => say(`${verb} ${member.name} failed: ${String(error)}`),
    );
  });
}

async function main() {
  ensureNodeModules();
  process.env.ETCD_BIN = ensureEtcd();
  // Imported after the install: they need node_modules.
  const { startEtcd } = await import('./lib/etcd-server.mjs');
  const { isPortFree } = await import('./lib/free-port.mjs');
  process.on('SIGINT', () => void stopAll(0));
  process.on('SIGTERM', () => void stopAll(0));

  const ports = await savedPorts(isPortFree);
  if (!ports) clearMemberData();
  const tls = args.has('--tls') ? await clusterCertificates() : undefined;
  const cluster = await startEtcd({
    members: 3,
    dir,
    clientPorts: ports?.client,
    peerPorts: ports?.peer,
    tls,
  });
  stoppers.push(() => cluster.stop());
  const client = cluster.endpoints.map((url) => Number(new URL(url).port));
  const peer = cluster.members.map((m) => Number(new URL(m.peerUrl).port));
  fs.writeFileSync(portsFile, JSON.stringify({ client, peer, tls: Boolean(tls) }));
  if (tls) {
    // The console, the demo and etcdctl below all present the client certificate.
    Object.assign(process.env, {
      ETCD_CA_FILE: tls.caFile,
      ETCD_CERT_FILE: tls.client.certFile,
      ETCD_KEY_FILE: tls.client.keyFile,
    });
  }
  await waitForLeader(cluster.endpoints, tls);
  const endpoints = cluster.endpoints.join(',');
  say(`3-member etcd cluster running (data in .data/cluster${ports ? ', kept from the last run' : ''}):`);
  printMembers(cluster);

  if (!args.has('--no-console')) {
    const checked = spawnSync(
      process.execPath,
      ['--import', 'tsx', path.join(import.meta.dirname, 'check-config.ts')],
      { stdio: 'inherit', env: { ...process.env, CONSOLE_HOST: process.env.HOST ?? '127.0.0.1' } },
    );
    if (checked.status !== 0) return stopAll(1);
    const { startConsole } = await import('./lib/console-server.mjs');
    ensureBuild();
    const port = Number(process.env.PORT ?? 3000);
    const host = process.env.HOST ?? '127.0.0.1';
    const server = await startConsole({ port, host, env: { ETCD_ENDPOINTS: endpoints } });
    stoppers.push(() => server.stop());
    server.child.once('exit', (code) => {
      if (stopping) return;
      say(`the console exited (code ${code})`);
      void stopAll(code ?? 1);
    });
    say(`console ready: ${server.url}`);
  }
  if (!args.has('--no-demo')) {
    const { startDemo } = await import('./demo/run.mjs');
    const demo = await startDemo(cluster.endpoints, process.env.ETCD_PREFIX ?? '');
    stoppers.push(demo.stop);
  }
  printFailoverHelp(cluster);
  acceptCommands(cluster);
}

main().catch((error) => {
  process.stderr.write(`[etcd-console] ${error instanceof Error ? error.message : String(error)}\n`);
  void stopAll(1);
});
