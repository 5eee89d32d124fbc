import { z } from 'zod';
import { auditQuery } from '../../audit/list';
import { loginBody } from '../../auth/login';
import { createTokenBody } from '../../auth/tokens';
import type { Operation } from './types';

export const securityOperations: Operation[] = [
  {
    method: 'post',
    path: '/api/v1/auth/login',
    tag: 'auth',
    summary: 'Sign in; sets an HttpOnly session cookie. 401 wrong credentials, 429 after repeated failures.',
    body: loginBody,
    errors: [401, 403, 429],
  },
  {
    method: 'post',
    path: '/api/v1/auth/logout',
    tag: 'auth',
    summary: 'Sign out: clears the session cookie.',
  },
  {
    method: 'get',
    path: '/api/v1/auth/me',
    tag: 'auth',
    summary:
      'The signed-in user, their role and prefixes, the login mode and read-only flag; 401 when signed out.',
    errors: [401],
  },
  {
    method: 'get',
    path: '/api/v1/tokens',
    tag: 'auth',
    summary: 'API tokens (admin); secrets are never shown again.',
    errors: [401, 403],
  },
  {
    method: 'post',
    path: '/api/v1/tokens',
    tag: 'auth',
    summary:
      'Create an API token with a role, prefixes and expiry (admin; a scoped admin only within their own scope). The answer holds the only copy of its secret, and `warnings` for prefixes that do not end in "/" (they match byte-exact, so they also cover their siblings). In etcd login mode the token acts as the etcd user who made it.',
    body: createTokenBody,
    status: 201,
    errors: [401, 403],
  },
  {
    method: 'delete',
    path: '/api/v1/tokens/{id}',
    tag: 'auth',
    summary: 'Revoke an API token (admin).',
    params: z.object({ id: z.string() }),
    errors: [401, 403, 404],
  },
  {
    method: 'get',
    path: '/api/v1/audit',
    tag: 'audit',
    summary: 'The audit trail, newest first: actor, action, targets, revisions, source, time.',
    query: auditQuery,
    errors: [401],
  },
  {
    method: 'get',
    path: '/api/v1/audit/export',
    tag: 'audit',
    summary: 'The filtered audit trail as a JSON download.',
    query: auditQuery.omit({ limit: true }),
    produces: 'application/json',
    errors: [401],
  },
];
