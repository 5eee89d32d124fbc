// The last TLS handshake failure per cluster: set by a call that failed in the handshake, cleared by any call that
// succeeds. Calls refused later by the open breaker carry no handshake text; this keeps the reason for them.

import { describeTlsFailure, type TlsFailure, tlsFailureOf, usesTlsFiles } from '@etcd-console/core/etcd';
import { logger } from '../log/logger';
import type { EtcdConfig } from './config';

const holder = globalThis as typeof globalThis & { __etcdTlsFailures?: Map<string, TlsFailure> };

function failures(): Map<string, TlsFailure> {
  holder.__etcdTlsFailures ??= new Map();
  return holder.__etcdTlsFailures;
}

function keyOf(config: Pick<EtcdConfig, 'endpoints'>): string {
  return config.endpoints.join(',');
}

/** After each unary call: remember (and log once) a handshake failure; forget it when a call goes through. */
export function noteCallOutcome(config: EtcdConfig, ok: boolean, details?: string): void {
  const key = keyOf(config);
  if (ok) {
    if (failures().delete(key)) logger.info({ endpoints: config.endpoints }, 'TLS to etcd works again');
    return;
  }
  if (!details || !(usesTlsFiles(config) || config.endpoints.some((e) => e.startsWith('https:')))) return;
  const failure = tlsFailureOf(details, config);
  if (!failure) return;
  const known = failures().get(key);
  failures().set(key, failure);
  if (known?.what !== failure.what || known.variable !== failure.variable) {
    logger.error({ endpoints: config.endpoints }, describeTlsFailure(failure, true));
  }
}

/** The cluster's last TLS failure, while no call has succeeded since. */
export function currentTlsFailure(config: EtcdConfig): TlsFailure | null {
  return failures().get(keyOf(config)) ?? null;
}
