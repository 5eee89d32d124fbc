// One service instance registered the way another framework registers it (scripts/demo/foreign-layouts.mjs), kept
// alive on its lease and taken away on SIGTERM the way that framework deregisters. It listens on a TCP port so
// the address it registers is real.
// Run: `node scripts/demo/foreign-instance.mjs <layout> <service> <host> <port|0> <ttl> [id]`.

import fs from 'node:fs';
import net from 'node:net';
import { Etcd3 } from 'etcd3';
import { LAYOUT_IDS, writeForeignInstance } from './foreign-layouts.mjs';

/**
 * How each framework goes away on a clean stop, from the same sources as the writers:
 * - revoke: go-zero Publisher.Stop → p.revoke(cli); etcd grpcproxy / a CoreDNS registrator close their session.
 * - delete: Kratos Deregister → r.client.Delete(ctx, key), then lease.Close (no revoke); go-micro Deregister
 *   deletes nodePath; rpcx Stop deletes only BasePath/name/address. The lease is left to expire.
 * - expire: dubbo-go's DoUnregister is "not support in etcdV3Registry"; the provider key lives out its 30 s lease.
 * @type {Record<import('./foreign-layouts.mjs').LayoutId, 'revoke' | 'delete' | 'expire'>}
 */
const GOING_AWAY = {
  'grpc-naming': 'revoke',
  'go-zero': 'revoke',
  kratos: 'delete',
  'go-micro': 'delete',
  rpcx: 'delete',
  dubbo: 'expire',
  coredns: 'revoke',
};

const [layoutArg, service = 'demo', host = '127.0.0.1', portArg = '0', ttlArg = '', id] =
  process.argv.slice(2);
const layout = LAYOUT_IDS.find((l) => l === layoutArg);
if (!layout) {
  process.stderr.write(
    `usage: foreign-instance.mjs <${LAYOUT_IDS.join('|')}> <service> <host> <port> <ttl> [id]\n`,
  );
  process.exit(2);
}

const server = net.createServer((socket) => socket.end(`${layout} ${service} ${process.pid}\n`));
await new Promise((resolve) => server.listen(Number(portArg), host, () => resolve(undefined)));
const port = /** @type {import('node:net').AddressInfo} */ (server.address()).port;

const endpoints = (process.env.ETCD_ENDPOINTS ?? 'http://127.0.0.1:2379').split(',').map((s) => s.trim());
const username = process.env.ETCD_USERNAME;
const tlsFile = (/** @type {string} */ name) =>
  process.env[name] ? fs.readFileSync(process.env[name]) : undefined;
const client = new Etcd3({
  hosts: endpoints,
  ...(username ? { auth: { username, password: process.env.ETCD_PASSWORD ?? '' } } : {}),
  ...(process.env.ETCD_CA_FILE || process.env.ETCD_CERT_FILE
    ? {
        credentials: {
          rootCertificate: /** @type {Buffer} */ (tlsFile('ETCD_CA_FILE') ?? null),
          certChain: tlsFile('ETCD_CERT_FILE'),
          privateKey: tlsFile('ETCD_KEY_FILE'),
        },
      }
    : {}),
});

const ttl = ttlArg ? Number(ttlArg) : undefined;
const metadata = { demo: 'true', pid: String(process.pid) };
const written = await writeForeignInstance(client, layout, {
  service,
  id,
  host,
  port,
  ttl,
  metadata,
  version: '1.0.0',
});
process.stdout.write(`${layout} ${service} ${host}:${port} registered: ${written.keys.join(' ')}\n`);

// A lease lost to etcd (restart, partition) ends the process; the supervisor starts it again, which is what these
// frameworks do too (register anew on a fresh lease).
written.lease?.on('lost', () => {
  process.stderr.write(`${layout} ${service}: lease lost\n`);
  process.exit(1);
});

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  const how = GOING_AWAY[layout];
  const node = written.keys.at(-1);
  try {
    if (how === 'revoke') await written.lease?.revoke();
    if (how === 'delete' && node) await client.delete().key(node);
    if (how !== 'revoke') written.lease?.release();
  } catch {
    // etcd gone: the lease runs out on its own.
  }
  client.close();
  server.close();
  process.exit(0);
}
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
// Started by the demo with a stdin pipe: when it closes, the supervisor is gone, and so is this instance.
if (!process.stdin.isTTY) process.stdin.once('end', stop).resume();
