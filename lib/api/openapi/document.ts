// Assembles the OpenAPI 3.1 document from every area's operation list.
import { z } from 'zod';
import { errorStatus } from '../errors';
import { changesetsOperations } from './changesets';
import { clusterOperations } from './cluster';
import { coordinationOperations } from './coordination';
import { coreOperations } from './core';
import { dispatchOperations } from './dispatch';
import { kvOperations } from './kv';
import { layoutsOperations } from './layouts';
import { securityOperations } from './security';
import { servicesOperations } from './services';
import { subscribersOperations } from './subscribers';
import type { Operation } from './types';
import { webhooksOperations } from './webhooks';

/** Each area of the API adds its list here. */
export const allOperations: Operation[] = [
  ...coreOperations,
  ...kvOperations,
  ...securityOperations,
  ...servicesOperations,
  ...layoutsOperations,
  ...coordinationOperations,
  ...dispatchOperations,
  ...subscribersOperations,
  ...clusterOperations,
  ...changesetsOperations,
  ...webhooksOperations,
];

const errorSchema = {
  type: 'object',
  properties: {
    error: {
      type: 'object',
      properties: {
        code: { type: 'string', enum: Object.keys(errorStatus) },
        message: { type: 'string' },
        details: {},
      },
      required: ['code', 'message'],
    },
  },
  required: ['error'],
};

function jsonSchema(schema: z.ZodType): unknown {
  return z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });
}

function parameters(op: Operation) {
  const out: unknown[] = [];
  for (const [where, schema] of [
    ['query', op.query],
    ['path', op.params],
  ] as const) {
    if (!schema) continue;
    for (const [name, field] of Object.entries(schema.shape)) {
      const fieldSchema = field as z.ZodType;
      out.push({
        name,
        in: where,
        required: where === 'path' || !fieldSchema.safeParse(undefined).success,
        description: fieldSchema.description,
        schema: jsonSchema(fieldSchema),
      });
    }
  }
  return out;
}

function operationObject(op: Operation) {
  const status = String(op.status ?? 200);
  const responses: Record<string, unknown> = {
    [status]: {
      description: 'Success',
      content: op.response
        ? { 'application/json': { schema: jsonSchema(op.response) } }
        : { [op.produces ?? 'application/json']: {} },
    },
  };
  for (const code of [400, ...(op.errors ?? []), 503]) {
    responses[String(code)] = {
      description: 'Error',
      content: { 'application/json': { schema: errorSchema } },
    };
  }
  return {
    summary: op.summary,
    tags: [op.tag],
    parameters: parameters(op),
    ...(op.body
      ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(op.body) } } } }
      : {}),
    responses,
  };
}

export function openApiDocument() {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of allOperations) {
    paths[op.path] ??= {};
    paths[op.path]![op.method] = operationObject(op);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'etcd console API',
      version: '1',
      description:
        'Keys and values travel as UTF-8 strings, or base64 with keyEncoding/valueEncoding "base64". Revisions are numbers; lease IDs are decimal strings. Errors are { error: { code, message } }.',
    },
    paths,
  };
}
