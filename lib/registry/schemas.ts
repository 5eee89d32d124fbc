// zod schemas of the service registry API: route params, queries, bodies and answers (also the OpenAPI source).

import { instanceStatus, registryName, strategies } from '@etcd-console/core/registry';
import { z } from 'zod';

/** Names as foreign layouts write them ("user.rpc", "org.x.DemoService", gRPC targets with slashes); URL-encode. */
const foreignName = z
  .string()
  .min(1)
  .max(1024)
  .refine(
    (s) => ![...s].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f),
    'no control characters',
  );

export const layoutId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'a layout id')
  .default('console')
  .describe(
    'the layout the service comes from (GET /api/v1/services names each one); default "console", our own /services/<name>/<id>',
  );

export const layoutQuery = z.object({ layout: layoutId });

export const serviceParams = z.object({
  name: foreignName.describe(
    `service name, URL-encoded; in the console layout ${registryName.description ?? 'letters, digits, ".", "_", "-"'}`,
  ),
});

export const instanceParams = z.object({
  name: foreignName.describe('service name, URL-encoded'),
  id: foreignName.describe('instance id, URL-encoded'),
});

export const pickQuery = z.object({
  strategy: z.enum(strategies).default('round-robin').describe('round-robin (default), weighted or random'),
  layout: layoutId,
});

export const timelineQuery = z.object({
  layout: layoutId,
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

export const layoutWrites = z.object({
  drain: z.boolean().describe('the console may mark an instance draining (only a layout with such a field)'),
  deregister: z
    .enum(['lease', 'key'])
    .nullable()
    .describe(
      'lease: revoke its lease (every key on it goes; a key without one is deleted); key: delete the key',
    ),
});

export const layoutSummary = z.object({
  id: z.string(),
  title: z.string(),
  source: z.string().describe('the framework file the layout follows, or "declared"'),
  pattern: z.string(),
  roots: z.array(z.string()).describe('where its keys live (those the caller may read)'),
  writes: layoutWrites,
});

export const serviceSummary = z.object({
  name: z.string(),
  layout: z.string().describe('the layout the service comes from; pass it as ?layout= to the other routes'),
  instances: z.number().describe("instance keys under the layout's service directory"),
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
  layouts: z.array(layoutSummary).describe('the layouts that are on, with the roots read'),
  revision: z.number(),
  ttlChecked: z
    .boolean()
    .optional()
    .describe('with ttl=true: false when the registry holds too many leases to look them all up'),
});

export const instanceItem = z.object({
  id: z.string(),
  service: z.string(),
  layout: z.string().optional(),
  key: z.string().describe('relative to the console prefix'),
  address: z.string(),
  port: z.number().optional(),
  metadata: z.record(z.string(), z.string()),
  weight: z.number(),
  status: z.enum(['up', 'draining', 'invalid']),
  version: z.string().optional(),
  registeredAt: z.string().optional(),
  format: z.string().describe('json, host-port (our own), url, query, text (foreign layouts) or invalid'),
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
  layout: layoutSummary.describe('where the instances live and what the console may write there'),
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
  layout: z.string(),
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
export type LayoutSummary = z.infer<typeof layoutSummary>;
export type InstanceItem = z.infer<typeof instanceItem>;
export type InstanceDetail = z.infer<typeof instanceDetail>;
export type ServiceDetail = z.infer<typeof serviceDetail>;
export type InstancePatch = z.infer<typeof instancePatch>;
export type TimelineEvent = z.infer<typeof timelineEvent>;
export type InstanceTimeline = z.infer<typeof instanceTimeline>;
export type ServiceTimeline = z.infer<typeof serviceTimeline>;
