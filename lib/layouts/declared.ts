// Layouts an admin declares: a root, a key pattern with {service} and {id}, a value format and a field mapping.
import { z } from 'zod';
import type { DecodeResult, LayoutDescriptor } from './types';
import { numberField, parseJsonObject, splitHostPort, stringMap } from './values';

const SEGMENT = /^(\{service\}|\{id\}|\{\*\}|[^{}/]+)$/;

export const declaredLayoutSchema = z
  .object({
    id: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'lower-case letters, digits and "-" (1–63)')
      .describe('unique among layouts'),
    title: z.string().min(1).max(120),
    root: z
      .string()
      .min(1)
      .max(512)
      .regex(/\/$/, 'ends with "/"')
      .refine((r) => !r.startsWith('/_console/'), 'the console’s own keys are no layout')
      .describe('the prefix every instance key starts with'),
    pattern: z
      .string()
      .min(1)
      .max(512)
      .describe('the key after root: segments split on "/", with {service}, {id} and {*} (any one segment)')
      .refine(
        (p) => p.split('/').every((s) => SEGMENT.test(s)),
        'segments are literals, {service}, {id} or {*}',
      )
      .refine(
        (p) => p.split('/').filter((s) => s === '{service}').length === 1,
        'holds {service} exactly once',
      )
      .refine((p) => p.split('/').filter((s) => s === '{id}').length === 1, 'holds {id} exactly once')
      .refine(
        (p) => p.split('/').indexOf('{service}') < p.split('/').indexOf('{id}'),
        '{service} comes before {id}',
      ),
    format: z
      .enum(['json', 'text', 'query'])
      .describe('json document, plain host[:port] text, or a URL query string'),
    fields: z
      .object({
        address: z
          .string()
          .max(128)
          .optional()
          .describe('field (dotted path for json) holding host or host:port'),
        port: z.string().max(128).optional(),
        weight: z.string().max(128).optional(),
        version: z.string().max(128).optional(),
        metadata: z
          .string()
          .max(128)
          .optional()
          .describe('field holding an object of metadata; "*" = every field'),
      })
      .default({}),
    deregister: z.enum(['lease', 'key']).nullable().default(null).describe('how the console may deregister'),
  })
  .refine((d) => d.format === 'text' || Boolean(d.fields.address), {
    message: 'json and query layouts name their address field',
    path: ['fields', 'address'],
  });

export type DeclaredLayout = z.infer<typeof declaredLayoutSchema>;

function pick(doc: Record<string, unknown>, path: string | undefined): unknown {
  if (!path) return undefined;
  let at: unknown = doc;
  for (const part of path.split('.')) {
    if (!at || typeof at !== 'object') return undefined;
    at = (at as Record<string, unknown>)[part];
  }
  return at;
}

function fieldsOf(declared: DeclaredLayout, value: string): Record<string, unknown> | null {
  if (declared.format === 'json') return parseJsonObject(value);
  if (declared.format === 'query') {
    if (/[\s{}]/.test(value.trim())) return null;
    return Object.fromEntries(new URLSearchParams(value.trim()));
  }
  return { address: value.trim() };
}

function decodeDeclared(declared: DeclaredLayout, value: string): DecodeResult {
  const doc = fieldsOf(declared, value);
  if (!doc) return { problem: `not a ${declared.format} value` };
  const rawAddress = pick(doc, declared.format === 'text' ? 'address' : declared.fields.address);
  if (typeof rawAddress !== 'string' || rawAddress.trim() === '') return { problem: 'no address' };
  const hp = splitHostPort(rawAddress);
  const port = numberField(pick(doc, declared.fields.port)) ?? hp?.port;
  const weight = numberField(pick(doc, declared.fields.weight));
  const version = pick(doc, declared.fields.version);
  const meta = declared.fields.metadata === '*' ? doc : pick(doc, declared.fields.metadata);
  return {
    address: hp?.address ?? rawAddress.trim(),
    ...(port !== undefined && Number.isInteger(port) && port >= 0 && port <= 65535 ? { port } : {}),
    metadata: stringMap(meta),
    weight: weight !== undefined && weight >= 0 ? weight : 1,
    status: 'up',
    ...(typeof version === 'string' && version ? { version } : {}),
    format: declared.format,
  };
}

/** The descriptor of a declared layout: keys are matched segment by segment after the root. */
export function compileDeclaredLayout(declared: DeclaredLayout): LayoutDescriptor {
  const segments = declared.pattern.split('/');
  const serviceAt = segments.indexOf('{service}');
  const idAt = segments.indexOf('{id}');
  return {
    id: declared.id,
    title: declared.title,
    source: 'declared',
    kind: 'declared',
    roots: [declared.root],
    pattern: `${declared.root}${declared.pattern}`,
    match(key) {
      if (!key.startsWith(declared.root)) return null;
      const parts = key.slice(declared.root.length).split('/');
      if (parts.length !== segments.length) return null;
      for (let i = 0; i < parts.length; i++) {
        const want = segments[i]!;
        if (parts[i] === '' || (!want.startsWith('{') && parts[i] !== want)) return null;
      }
      return { service: parts[serviceAt]!, id: parts[idAt]! };
    },
    decode: (_key, value) => decodeDeclared(declared, value),
    serviceDir(service) {
      const before = segments.slice(0, serviceAt);
      // A wildcard before the service name: its instances may sit anywhere under the root.
      if (before.includes('{*}')) return declared.root;
      return `${declared.root}${before.map((b) => `${b}/`).join('')}${service}/`;
    },
    instanceKey(service, id) {
      if (segments.includes('{*}')) return null;
      const key = segments.map((s) => (s === '{service}' ? service : s === '{id}' ? id : s)).join('/');
      return `${declared.root}${key}`;
    },
    writes: { drain: false, deregister: declared.deregister },
  };
}
