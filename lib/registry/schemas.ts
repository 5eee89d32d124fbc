// zod schemas of the service registry API: route params, queries, bodies and answers (also the OpenAPI source).
import { z } from 'zod';
import { instanceStatus } from '../sdk/registry/instance';
import { registryName } from '../sdk/registry/keys';
import { strategies } from '../sdk/registry/strategies';

export const serviceParams = z.object({ name: registryName.describe('service name') });

export const instanceParams = z.object({
  name: registryName.describe('service name'),
  id: registryName.describe('instance id'),
});

export const pickQuery = z.object({
  strategy: z.enum(strategies).default('round-robin').describe('round-robin (default), weighted or random'),
});

export const timelineQuery = z.object({
  since: z.coerce
    .number()
    .int()
    .min(1)
    .optional()
    .describe('first revision to read; default: the oldest retained'),
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(10_000)
    .default(2000)
    .describe('keep at most this many (newest) events'),
});

export const listQuery = z.object({
  ttl: z
    .enum(['true', 'false', '1', '0'])
    .optional()
    .transform((v) => v === 'true' || v === '1')
    .describe(
      'also look up each lease and count the instances whose TTL is running out (at most 500 leases)',
    ),
});

export const instancePatch = z
  .object({
    status: instanceStatus.optional().describe('draining: balancers stop picking it; up: back in rotation'),
    weight: z.number().min(0).max(1_000_000).optional(),
    expectedModRevision: z
      .number()
      .int()
      .min(1)
      .optional()
      .describe('apply only if the key is still at this revision; 409 with the current item otherwise'),
  })
  .refine((p) => p.status !== undefined || p.weight !== undefined, { message: 'give status and/or weight' });

export const serviceSummary = z.object({
  name: z.string(),
  instances: z.number().describe('keys under /services/<name>/'),
  up: z.number(),
  draining: z.number(),
  invalid: z.number().describe('values that are neither a JSON instance nor host:port'),
  expiring: z
    .number()
    .optional()
    .describe('with ttl=true: instances with less than half their granted TTL left, or whose lease is gone'),
});

export const serviceList = z.object({
  services: z.array(serviceSummary),
  revision: z.number(),
  ttlChecked: z
    .boolean()
    .optional()
    .describe('with ttl=true: false when the registry holds too many leases to look them all up'),
});

export const instanceItem = z.object({
  id: z.string(),
  service: z.string(),
  key: z.string().describe('relative to the console prefix'),
  address: z.string(),
  port: z.number().optional(),
  metadata: z.record(z.string(), z.string()),
  weight: z.number(),
  status: z.enum(['up', 'draining', 'invalid']),
  version: z.string().optional(),
  registeredAt: z.string().optional(),
  format: z.enum(['json', 'host-port', 'invalid']),
  problem: z.string().optional().describe('why an invalid value is not an instance'),
  value: z.string().optional().describe('the raw value, for invalid ones'),
  lease: z.string().nullable().describe('lease ID (decimal string); null when the key has no lease'),
  createRevision: z.number(),
  modRevision: z.number(),
});

export const instanceDetail = instanceItem.extend({
  ttl: z
    .number()
    .nullable()
    .describe('seconds left on the lease; null without a lease or when it has expired'),
  grantedTtl: z.number().nullable(),
});

export const serviceDetail = z.object({
  name: z.string(),
  instances: z.array(instanceDetail),
  up: z.number(),
  draining: z.number(),
  revision: z.number(),
});

export const pickAnswer = z.object({
  instance: instanceItem,
  strategy: z.enum(strategies),
  revision: z.number(),
});

export const instanceChangeAnswer = z.object({ instance: instanceItem, revision: z.number() });

export const instanceDeleteAnswer = z.object({
  deleted: z.literal(true),
  revokedLease: z
    .string()
    .nullable()
    .describe('the lease revoked, with every key it held; null when the key had none'),
  removedKeys: z.array(z.string()),
  revision: z.number(),
});

export const timelineEventKind = z.enum([
  'registered',
  'reregistered',
  'drained',
  'undrained',
  'updated',
  'removed',
]);

export const timelineEvent = z.object({
  revision: z.number(),
  kind: timelineEventKind.describe(
    'removed is a delete: lease expiry and deregistration look the same in etcd history; reregistered: a new lease',
  ),
  status: z.enum(['up', 'draining', 'invalid']).optional(),
  lease: z.string().nullable().optional(),
  address: z.string().optional(),
  port: z.number().optional(),
  registeredAt: z.string().optional(),
});

export const instanceTimeline = z.object({
  id: z.string(),
  present: z.boolean().describe('registered at toRevision'),
  registrations: z.number(),
  removals: z.number(),
  drains: z.number(),
  flaps: z.number().describe('registrations that followed a removal of the same id or replaced its lease'),
  events: z.array(timelineEvent),
});

export const serviceTimeline = z.object({
  service: z.string(),
  fromRevision: z
    .number()
    .describe('the oldest revision read (the compaction point when history was compacted)'),
  toRevision: z.number(),
  compacted: z.boolean().describe('history before fromRevision was compacted away'),
  truncated: z
    .boolean()
    .describe('older events were dropped to honour limit, or the read hit its time budget'),
  flaps: z.number(),
  instances: z.array(instanceTimeline),
});

export type ServiceList = z.infer<typeof serviceList>;
export type InstanceItem = z.infer<typeof instanceItem>;
export type InstanceDetail = z.infer<typeof instanceDetail>;
export type ServiceDetail = z.infer<typeof serviceDetail>;
export type InstancePatch = z.infer<typeof instancePatch>;
export type TimelineEvent = z.infer<typeof timelineEvent>;
export type InstanceTimeline = z.infer<typeof instanceTimeline>;
export type ServiceTimeline = z.infer<typeof serviceTimeline>;
