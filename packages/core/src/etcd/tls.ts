// TLS to etcd: the certificate files read and checked (one line naming the variable and the file when they are
// wrong), their fingerprint for rotation, and a failed handshake told apart from etcd being down.
import { createPrivateKey, X509Certificate } from 'node:crypto';
import fs from 'node:fs';
import { ConfigError } from './config-error';

export type TlsFiles = { caFile?: string; certFile?: string; keyFile?: string };
export type TlsMaterial = { ca?: Buffer; cert?: Buffer; key?: Buffer };

type Variable = 'ETCD_CA_FILE' | 'ETCD_CERT_FILE' | 'ETCD_KEY_FILE';

function readPem(variable: Variable, file: string): Buffer {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'not readable' : (code ?? 'unreadable');
    throw new ConfigError(`Invalid configuration: ${variable}: ${file}: ${why}`);
  }
  if (!bytes.toString('latin1').includes('-----BEGIN ')) {
    throw new ConfigError(`Invalid configuration: ${variable}: ${file}: not PEM (no "-----BEGIN" line)`);
  }
  return bytes;
}

function parsed<T>(variable: Variable, file: string, what: string, parse: () => T): T {
  try {
    return parse();
  } catch {
    throw new ConfigError(`Invalid configuration: ${variable}: ${file}: not a PEM ${what}`);
  }
}

/** Reads and checks the TLS files; throws a ConfigError (one line naming the variable and file) when one is bad. */
export function readTlsMaterial(files: TlsFiles): TlsMaterial {
  const material: TlsMaterial = {};
  if (files.caFile) {
    const ca = readPem('ETCD_CA_FILE', files.caFile);
    parsed('ETCD_CA_FILE', files.caFile, 'certificate', () => new X509Certificate(ca));
    material.ca = ca;
  }
  if (files.certFile && files.keyFile) {
    const cert = readPem('ETCD_CERT_FILE', files.certFile);
    const key = readPem('ETCD_KEY_FILE', files.keyFile);
    const x509 = parsed('ETCD_CERT_FILE', files.certFile, 'certificate', () => new X509Certificate(cert));
    const privateKey = parsed('ETCD_KEY_FILE', files.keyFile, 'private key', () => createPrivateKey(key));
    if (!x509.checkPrivateKey(privateKey)) {
      throw new ConfigError(
        `Invalid configuration: ETCD_KEY_FILE: ${files.keyFile}: not the key of the certificate in ETCD_CERT_FILE (${files.certFile})`,
      );
    }
    material.cert = cert;
    material.key = key;
  }
  return material;
}

/** Whether any TLS file is configured (then the client speaks TLS, and the files are watched for rotation). */
export function usesTlsFiles(files: TlsFiles): boolean {
  return Boolean(files.caFile || files.certFile || files.keyFile);
}

/** Changes when any file is replaced or rewritten: size and modification time of each. */
export function tlsFingerprint(files: TlsFiles): string {
  return [files.caFile, files.certFile, files.keyFile]
    .map((file) => {
      if (!file) return '-';
      try {
        const s = fs.statSync(file);
        return `${s.size}:${s.mtimeMs}:${s.ino}`;
      } catch {
        return 'missing';
      }
    })
    .join('|');
}

export type TlsFailure = { variable: Variable | 'ETCD_ENDPOINTS'; file?: string; what: string };

/**
 * A call that failed because the TLS handshake did (a configuration error, not an outage): which file is at fault
 * and what failed. null for every other error.
 */
export function tlsFailureOf(error: unknown, files: TlsFiles): TlsFailure | null {
  const text = error instanceof Error ? error.message : String(error);
  if (
    /unable to verify|self[- ]signed certificate|unable to get (local )?issuer|certificate signature failure/i.test(
      text,
    )
  ) {
    return {
      variable: 'ETCD_CA_FILE',
      file: files.caFile,
      what: "etcd's certificate is not signed by this CA",
    };
  }
  if (/does not match certificate's altnames|hostname\/ip does not match|ERR_TLS_CERT_ALTNAME/i.test(text)) {
    return {
      variable: 'ETCD_ENDPOINTS',
      what: "etcd's certificate does not name the endpoint's host (use a name or IP listed in its subject alternative names)",
    };
  }
  if (/certificate has expired|CERT_HAS_EXPIRED/i.test(text)) {
    return { variable: 'ETCD_CA_FILE', file: files.caFile, what: "etcd's certificate has expired" };
  }
  if (
    /alert (bad certificate|certificate expired|certificate revoked|unknown ca|certificate unknown|handshake failure)|SSL alert number (42|44|45|46|48|40)/i.test(
      text,
    )
  ) {
    const why = /expired|number 45/i.test(text)
      ? 'expired'
      : /revoked|number 44/i.test(text)
        ? 'revoked'
        : files.certFile
          ? 'not signed by a CA etcd trusts, expired or revoked'
          : 'none was given (etcd requires a client certificate: set ETCD_CERT_FILE and ETCD_KEY_FILE)';
    return {
      variable: 'ETCD_CERT_FILE',
      file: files.certFile,
      what: `etcd refused the client certificate: ${why}`,
    };
  }
  if (/wrong version number|packet length too long|http_request/i.test(text)) {
    return {
      variable: 'ETCD_ENDPOINTS',
      what: 'the endpoint does not speak TLS (use http://) or speaks only TLS (use https://)',
    };
  }
  return null;
}

/** One line for logs and signed-in callers: the variable, the file and what failed. */
export function describeTlsFailure(failure: TlsFailure, withFile: boolean): string {
  const where = withFile && failure.file ? `${failure.variable} (${failure.file})` : failure.variable;
  return `TLS handshake with etcd failed: ${failure.what} — check ${where}`;
}
