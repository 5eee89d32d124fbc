// What subscribeConfig accepts and hands back, and the error it reports through onError.

import { subscriberName } from '@etcd-console/core/config';
import { z } from 'zod';
import type { SdkConnection } from '../connection';
import { PARSE_FORMATS, type ParseFormat } from './parse';

export type ChangeInfo = {
  /** The revision the snapshot reflects: everything under the prefix up to it is applied. */
  revision: number;
  /** Keys (relative to the prefix) whose value was added, changed or removed since the last call. */
  changedKeys: string[];
  /** True when the snapshot came from a fresh load after the watch's history was compacted. */
  resync: boolean;
};

export type ConfigErrorKind = 'parse' | 'apply' | 'watch' | 'status' | 'canary';

export class ConfigSubscriberError extends Error {
  constructor(
    readonly kind: ConfigErrorKind,
    message: string,
    readonly key?: string,
    readonly revision?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ConfigSubscriberError';
  }
}

export type SubscribeConfigOptions<T> = {
  /** Key prefix to follow, relative to the console's root namespace, e.g. "/config/payments/". */
  prefix: string;
  /** Application name; the status entry lives at /subscribers/<app>/<instanceId>. */
  app: string;
  /** Defaults to <host>-<pid>-<random>. */
  instanceId?: string;
  /** How values are parsed; "auto" picks by the key's extension. Defaults to "text". */
  parse?: ParseFormat;
  /** Called with the whole snapshot after the first load and after every applied change; may be async. */
  onChange: (snapshot: ReadonlyMap<string, T>, info: ChangeInfo) => void | Promise<void>;
  /** Parse failures, onChange failures, watch resyncs and status-write failures. Defaults to stderr. */
  onError?: (error: ConfigSubscriberError) => void;
  /**
   * Follow canary overlays addressed to this instance (/_console/canary/<app>/<instanceId>/, needs read access
   * there) and apply their values on top of production. Defaults to true; without access it reports one 'canary'
   * error and runs on production values only.
   */
  canary?: boolean;
  /** TTL of the lease the status entry lives under. Defaults to 10 s. */
  leaseTtlSeconds?: number;
  /** The etcd client or endpoints, and the console's root namespace. Defaults to ETCD_ENDPOINTS / ETCD_PREFIX. */
  connection?: SdkConnection;
};

export type ConfigSubscription<T> = {
  readonly app: string;
  readonly instanceId: string;
  readonly prefix: string;
  /** The applied revision: the header revision of the last watch response (or load) fully applied. */
  readonly revision: number;
  /** The last good value of a key relative to the prefix. */
  get(key: string): T | undefined;
  snapshot(): ReadonlyMap<string, T>;
  /** Removes the status entry (revokes its lease), stops the watch and closes a client the SDK created. */
  close(): Promise<void>;
};

export const subscribeOptionsSchema = z.object({
  prefix: z.string().min(1, 'must not be empty').max(4096),
  app: subscriberName,
  instanceId: subscriberName.optional(),
  parse: z.enum(PARSE_FORMATS as [ParseFormat, ...ParseFormat[]]).default('text'),
  leaseTtlSeconds: z.number().int().min(2).max(3600).default(10),
});
