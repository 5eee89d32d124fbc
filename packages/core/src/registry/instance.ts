// The value of an instance key: a JSON document, or a bare host:port written by a shell script.
import type { IKeyValue } from 'etcd3';
import { z } from 'zod';
import { splitInstanceKey } from './keys';

export const instanceStatus = z.enum(['up', 'draining']);
export type InstanceStatus = z.infer<typeof instanceStatus>;

const metadataValue = z.union([z.string(), z.number(), z.boolean()]).transform(String);

/** The JSON value as stored; lenient on read so any client's document is accepted when it is meaningful. */
export const instanceValueSchema = z.object({
  id: z.string().optional(),
  service: z.string().optional(),
  address: z.string().min(1).max(1024),
  port: z.number().int().min(0).max(65535).optional(),
  metadata: z.record(z.string(), metadataValue).default({}),
  weight: z.number().min(0).max(1_000_000).default(1),
  status: instanceStatus.default('up'),
  version: z.string().max(256).optional(),
  registeredAt: z.string().optional(),
});

export type InstanceValue = z.infer<typeof instanceValueSchema>;

/** One registered instance as a reader sees it. */
export type ServiceInstance = {
  id: string;
  service: string;
  key: string;
  address: string;
  port?: number;
  metadata: Record<string, string>;
  weight: number;
  status: InstanceStatus;
  version?: string;
  registeredAt?: string;
  /** Lease ID as a decimal string; "0" when the key has no lease. */
  lease: string;
  createRevision: number;
  modRevision: number;
  /** "json" for a registry document, "host-port" for a bare host:port value. */
  format: 'json' | 'host-port';
};

export type DecodedInstance =
  | { ok: true; instance: ServiceInstance }
  | {
      ok: false;
      service: string;
      id: string;
      key: string;
      problem: string;
      value: string;
      lease: string;
      createRevision: number;
      modRevision: number;
    };

const hostPort = /^(\[[0-9A-Fa-f:.]+\]|[^\s:/[\]]+):(\d{1,5})$/;

/** Parses an instance value; `problem` says why a value is not an instance. */
export function parseInstanceValue(
  text: string,
): { value: InstanceValue; format: ServiceInstance['format'] } | { problem: string } {
  const trimmed = text.trim();
  const plain = hostPort.exec(trimmed);
  if (plain) {
    const port = Number(plain[2]);
    if (port > 65535) return { problem: `port ${port} is out of range` };
    return {
      value: { address: plain[1]!, port, metadata: {}, weight: 1, status: 'up' },
      format: 'host-port',
    };
  }
  let json: unknown;
  try {
    json = JSON.parse(trimmed);
  } catch {
    return { problem: 'neither JSON nor host:port' };
  }
  const parsed = instanceValueSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { problem: `${issue?.path.join('.') || 'value'}: ${issue?.message ?? 'invalid'}` };
  }
  return { value: parsed.data, format: 'json' };
}

/** Decodes one key-value (key already relative to the prefix); null when the key is not an instance key. */
export function decodeInstance(kv: IKeyValue): DecodedInstance | null {
  const key = kv.key.toString('utf8');
  const names = splitInstanceKey(key);
  if (!names) return null;
  const text = kv.value.toString('utf8');
  const parsed = parseInstanceValue(text);
  const lease = kv.lease || '0';
  const createRevision = Number(kv.create_revision);
  const modRevision = Number(kv.mod_revision);
  if ('problem' in parsed) {
    return {
      ok: false,
      ...names,
      key,
      problem: parsed.problem,
      value: text,
      lease,
      createRevision,
      modRevision,
    };
  }
  const v = parsed.value;
  // The key names the instance; a document that disagrees loses.
  return {
    ok: true,
    instance: {
      id: names.id,
      service: names.service,
      key,
      address: v.address,
      ...(v.port === undefined ? {} : { port: v.port }),
      metadata: v.metadata,
      weight: v.weight,
      status: v.status,
      ...(v.version === undefined ? {} : { version: v.version }),
      ...(v.registeredAt === undefined ? {} : { registeredAt: v.registeredAt }),
      lease,
      createRevision,
      modRevision,
      format: parsed.format,
    },
  };
}

/** What a registration says of its instance. */
export type InstanceDocument = {
  id: string;
  service: string;
  address: string;
  port?: number;
  metadata: Record<string, string>;
  weight: number;
  status: InstanceStatus;
  version?: string;
};

/** The JSON document a registration writes. */
export function encodeInstanceValue(instance: InstanceDocument & { registeredAt?: string }): string {
  return JSON.stringify({
    id: instance.id,
    service: instance.service,
    address: instance.address,
    ...(instance.port === undefined ? {} : { port: instance.port }),
    metadata: instance.metadata,
    weight: instance.weight,
    status: instance.status,
    ...(instance.version === undefined ? {} : { version: instance.version }),
    ...(instance.registeredAt === undefined ? {} : { registeredAt: instance.registeredAt }),
  });
}
