// registerInstance(): put this process in the service registry and keep it there until it stops.
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { type InstanceStatus, instanceKey, instanceStatus, registryName } from '@etcd-console/core/registry';
import { z } from 'zod';
import { openConnection, type SdkConnection } from '../connection';
import { InstanceRegistration, type RegistrationEvent } from './registration';
import { closeOnStopSignal } from './shutdown-signals';

const registerOptionsSchema = z.object({
  service: registryName,
  id: registryName.optional(),
  address: z.string().min(1).max(1024),
  port: z.number().int().min(0).max(65535).optional(),
  metadata: z.record(z.string(), z.string()).default({}),
  weight: z.number().min(0).max(1_000_000).default(1),
  status: instanceStatus.default('up'),
  version: z.string().max(256).optional(),
  /** Seconds; the instance disappears this long after the process dies without deregistering. */
  ttl: z.number().int().min(1).max(3600),
  handleSignals: z.boolean().default(true),
});

export type RegisterOptions = SdkConnection &
  z.input<typeof registerOptionsSchema> & {
    /** Registration lifecycle: registered (again), lost, error, closed. */
    onEvent?: (event: RegistrationEvent) => void;
  };

export type RegisteredInstance = {
  readonly service: string;
  readonly id: string;
  /** The key relative to the console prefix: /services/<service>/<id>. */
  readonly key: string;
  /** The lease currently holding the key, as a decimal string. */
  lease(): string | undefined;
  /** Marks the instance draining (balancers stop picking it) or up again. */
  setStatus(status: InstanceStatus): Promise<void>;
  setWeight(weight: number): Promise<void>;
  /** Revokes the lease so the instance disappears at once, and releases the connection. */
  close(): Promise<void>;
};

/** hostname-pid-random, cut to the name rules. */
export function defaultInstanceId(): string {
  const host =
    os
      .hostname()
      .replace(/[^A-Za-z0-9._-]/g, '-')
      .replace(/^[^A-Za-z0-9]+/, '') || 'host';
  return `${host.slice(0, 100)}-${process.pid}-${randomBytes(3).toString('hex')}`;
}

/**
 * Grants a lease of `ttl` seconds, writes the instance on it and keeps it alive. If the lease is lost (an etcd
 * outage longer than the TTL) or the key is deleted, registers again by itself. Deregisters on close(), and on
 * SIGTERM/SIGINT unless `handleSignals: false`.
 */
export async function registerInstance(options: RegisterOptions): Promise<RegisteredInstance> {
  const opts = registerOptionsSchema.parse(options);
  const id = opts.id ?? defaultInstanceId();
  const key = instanceKey(opts.service, id);
  const handle = openConnection(options);
  const emit = (event: RegistrationEvent) => {
    try {
      options.onEvent?.(event);
    } catch {
      // A listener's mistake must not stop the keepalive machinery.
    }
  };
  const registration = new InstanceRegistration(
    handle.kv,
    key,
    {
      id,
      service: opts.service,
      address: opts.address,
      port: opts.port,
      metadata: opts.metadata,
      weight: opts.weight,
      status: opts.status,
      version: opts.version,
    },
    opts.ttl,
    emit,
  );
  try {
    await registration.start();
  } catch (error) {
    await registration.close();
    handle.release();
    throw error;
  }
  let forgetSignal = () => {};
  let closing: Promise<void> | null = null;
  const close = () => {
    closing ??= registration.close().finally(() => {
      forgetSignal();
      handle.release();
    });
    return closing;
  };
  if (opts.handleSignals) forgetSignal = closeOnStopSignal(close);
  return {
    service: opts.service,
    id,
    key,
    lease: () => registration.currentLease(),
    setStatus: (status) => registration.update({ status: instanceStatus.parse(status) }),
    setWeight: (weight) => registration.update({ weight: z.number().min(0).max(1_000_000).parse(weight) }),
    close,
  };
}
