import { z } from 'zod';
import {
  childrenQuery,
  deletePrefixBody,
  deleteQuery,
  diffQuery,
  historyQuery,
  importBody,
  itemQuery,
  listQuery,
  prefixQuery,
  putBody,
  restorePrefixBody,
  searchQuery,
} from '../../kv/schemas';
import { watchQuerySchema } from '../../watch/schemas';
import type { Operation } from './types';

const item = z.object({
  key: z.string(),
  keyEncoding: z.enum(['utf8', 'base64']).optional(),
  value: z.string().optional(),
  valueEncoding: z.enum(['utf8', 'base64']).optional(),
  size: z.number(),
  createRevision: z.number(),
  modRevision: z.number(),
  version: z.number(),
  lease: z.string(),
});

export const kvOperations: Operation[] = [
  {
    method: 'get',
    path: '/api/v1/kv',
    tag: 'keys',
    summary:
      "List keys under a prefix, paged; all pages of one listing at the first page's revision; no answer over 1 MiB.",
    query: listQuery,
    response: z.object({ items: z.array(item), revision: z.number(), nextCursor: z.string().nullable() }),
    errors: [410],
  },
  {
    method: 'get',
    path: '/api/v1/kv/children',
    tag: 'keys',
    summary:
      "Immediate children of a prefix for a tree view, paged in byte order of their names; all pages of one listing at the first page's revision. A page's cost grows with the keys near the children it returns, never with the whole subtree.",
    query: childrenQuery,
    response: z.object({
      children: z.array(
        z.object({
          name: z.string(),
          key: z.string(),
          prefix: z.string().optional(),
          encoding: z.enum(['utf8', 'base64']).optional(),
          isLeaf: z.boolean(),
          hasChildren: z.boolean(),
        }),
      ),
      revision: z.number(),
      nextCursor: z.string().nullable(),
      truncated: z.boolean().describe('nextCursor !== null'),
      selfIsKey: z.boolean().describe('The prefix is itself a key'),
    }),
    errors: [410],
  },
  {
    method: 'get',
    path: '/api/v1/kv/item',
    tag: 'keys',
    summary: 'One key, optionally at a revision.',
    query: itemQuery,
    response: z.object({ item, revision: z.number() }),
    errors: [404, 410],
  },
  {
    method: 'put',
    path: '/api/v1/kv/item',
    tag: 'keys',
    summary:
      'Create or update a key in one transaction comparing mod_revision (0 = create only). 409 with the current item when stale; 413 past 1.5 MiB; 422 when the value does not parse as `format`.',
    body: putBody,
    response: z.object({ item, revision: z.number() }),
    errors: [403, 409, 413, 422],
  },
  {
    method: 'delete',
    path: '/api/v1/kv/item',
    tag: 'keys',
    summary: 'Delete a key, comparing mod_revision.',
    query: deleteQuery,
    errors: [403, 404, 409],
  },
  {
    method: 'get',
    path: '/api/v1/kv/history',
    tag: 'keys',
    summary: 'Every retained version of a key, newest first, down to the compaction point.',
    query: historyQuery,
  },
  {
    method: 'get',
    path: '/api/v1/kv/diff',
    tag: 'keys',
    summary: 'Keys added, removed and changed under a prefix between two revisions.',
    query: diffQuery,
    errors: [410],
  },
  {
    method: 'get',
    path: '/api/v1/kv/export',
    tag: 'keys',
    summary: 'A prefix at one revision as a JSON download (binary-safe; leases noted).',
    query: prefixQuery,
    produces: 'application/json',
  },
  {
    method: 'post',
    path: '/api/v1/kv/import',
    tag: 'keys',
    summary: 'Preview, then apply, items in guarded transactions of at most 128 operations.',
    body: importBody,
    errors: [403, 413],
  },
  {
    method: 'get',
    path: '/api/v1/kv/prefix',
    tag: 'keys',
    summary: 'Preview a prefix delete: count, sample keys and the revision to confirm against.',
    query: prefixQuery,
  },
  {
    method: 'post',
    path: '/api/v1/kv/prefix/delete',
    tag: 'keys',
    summary:
      'Delete a prefix; the prefix must be typed again and nothing under it may have changed since the preview.',
    body: deletePrefixBody,
    errors: [403, 409],
  },
  {
    method: 'post',
    path: '/api/v1/kv/prefix/restore',
    tag: 'keys',
    summary: 'Write a prefix back as it was at a revision (while history holds it).',
    body: restorePrefixBody,
    errors: [403, 410, 413],
  },
  {
    method: 'get',
    path: '/api/v1/kv/search',
    tag: 'keys',
    summary: 'Substring search within a prefix, one bounded page of keys per call.',
    query: searchQuery,
  },
  {
    method: 'get',
    path: '/api/v1/watch',
    tag: 'watch',
    summary:
      'Server-Sent Events: "ready" {revision}, then one "change" per etcd revision (id = revision) with all its events; "resync" {revision, compactRevision} when history is gone. Resume with Last-Event-ID.',
    query: watchQuerySchema,
    produces: 'text/event-stream',
  },
];
