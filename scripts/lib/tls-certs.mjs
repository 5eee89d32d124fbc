// Certificates for a TLS etcd on loopback, made with openssl in a directory: a CA, a server certificate for
// 127.0.0.1/localhost, and client certificates. Used by `npm run cluster -- --tls`, the tests and the demo.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/** @param {string[]} args */
function openssl(args) {
  execFileSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'] });
}

/**
 * A self-signed CA: `<dir>/<name>.pem` and `<dir>/<name>-key.pem`.
 * @param {string} dir
 * @param {string} name
 */
export function makeCa(dir, name = 'ca') {
  fs.mkdirSync(dir, { recursive: true });
  const cert = path.join(dir, `${name}.pem`);
  const key = path.join(dir, `${name}-key.pem`);
  openssl([
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:prime256v1',
    '-nodes',
    '-keyout',
    key,
    '-out',
    cert,
    '-days',
    '30',
    '-subj',
    `/CN=${name}`,
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  ]);
  return { cert, key };
}

/**
 * A certificate signed by `ca`: server (with the subject alternative names given) or client.
 * @param {string} dir
 * @param {string} name file stem: `<name>.pem`, `<name>-key.pem`
 * @param {{ cert: string, key: string }} ca
 * @param {{ commonName: string, altNames?: string[], usage: 'server' | 'client' | 'both' }} spec
 */
export function makeCert(dir, name, ca, spec) {
  const cert = path.join(dir, `${name}.pem`);
  const key = path.join(dir, `${name}-key.pem`);
  const csr = path.join(dir, `${name}.csr`);
  const ext = path.join(dir, `${name}.ext`);
  const usage = { server: 'serverAuth', client: 'clientAuth', both: 'serverAuth,clientAuth' }[spec.usage];
  const lines = [
    'basicConstraints=CA:FALSE',
    'keyUsage=digitalSignature,keyEncipherment',
    `extendedKeyUsage=${usage}`,
  ];
  if (spec.altNames?.length) lines.push(`subjectAltName=${spec.altNames.join(',')}`);
  fs.writeFileSync(ext, `${lines.join('\n')}\n`);
  openssl([
    'req',
    '-new',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:prime256v1',
    '-nodes',
    '-keyout',
    key,
    '-out',
    csr,
    '-subj',
    `/CN=${spec.commonName}`,
  ]);
  openssl([
    'x509',
    '-req',
    '-in',
    csr,
    '-CA',
    ca.cert,
    '-CAkey',
    ca.key,
    '-CAcreateserial',
    '-out',
    cert,
    '-days',
    '30',
    '-extfile',
    ext,
  ]);
  fs.rmSync(csr);
  fs.rmSync(ext);
  return { cert, key };
}

/**
 * Everything a mutual-TLS loopback etcd needs: a CA, a server/peer certificate for 127.0.0.1 and localhost, and a
 * client certificate for the console.
 * @param {string} dir
 */
export function makeEtcdCerts(dir) {
  const ca = makeCa(dir, 'ca');
  const server = makeCert(dir, 'server', ca, {
    commonName: 'etcd',
    altNames: ['IP:127.0.0.1', 'DNS:localhost'],
    usage: 'both',
  });
  const client = makeCert(dir, 'client', ca, { commonName: 'console', usage: 'client' });
  return { dir, ca, server, client };
}
