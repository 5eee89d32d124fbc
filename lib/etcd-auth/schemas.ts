// zod schemas of the etcd users-and-roles API (also the OpenAPI source). Keys are full etcd keys.
import { z } from 'zod';

const encoding = z.enum(['utf8', 'base64']);

export const authName = z
  .string()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._@-]{0,127}$/,
    'letters, digits, . _ @ - (up to 128), starting with a letter or digit',
  );

const password = z.string().min(1, 'a password is required').max(1024);

export const userParams = z.object({ name: authName.describe('etcd user name') });
export const userRoleParams = z.object({
  name: authName.describe('etcd user name'),
  role: authName.describe('role name'),
});
export const roleParams = z.object({ name: authName.describe('role name') });

export const createUserBody = z
  .object({
    name: authName,
    password,
    roles: z.array(authName).max(100).default([]).describe('roles to grant right away'),
  })
  .strict();

export const passwordBody = z.object({ password }).strict();

export const grantRoleBody = z.object({ role: authName }).strict();

export const createRoleBody = z.object({ name: authName }).strict();

const permissionTarget = {
  key: z
    .string()
    .max(64 * 1024)
    .describe('full etcd key (ETCD_PREFIX is not added); with prefix true, "" means every key'),
  keyEncoding: encoding.default('utf8'),
  prefix: z.boolean().default(false).describe('the permission covers every key starting with key'),
};

export const permissionType = z.enum(['read', 'write', 'readwrite']);

export const grantPermissionBody = z
  .object({ ...permissionTarget, permission: permissionType })
  .strict()
  .refine((b) => b.prefix || b.key.length > 0, { message: 'give a key, or prefix: true', path: ['key'] });

export const revokePermissionBody = z
  .object(permissionTarget)
  .strict()
  .refine((b) => b.prefix || b.key.length > 0, { message: 'give a key, or prefix: true', path: ['key'] });

export const permissionView = z.object({
  permission: permissionType,
  key: z.string(),
  keyEncoding: encoding,
  rangeEnd: z.string().nullable().describe('exclusive end; null for a single key'),
  rangeEndEncoding: encoding,
  prefix: z.boolean().describe('true when the range is exactly "every key starting with key"'),
});

export const userView = z.object({ name: z.string(), roles: z.array(z.string()) });
export const userList = z.object({ users: z.array(userView) });

export const roleView = z.object({ name: z.string(), permissions: z.array(permissionView) });
export const roleList = z.object({ roles: z.array(roleView) });

export const authStatus = z.object({
  enabled: z.boolean(),
  authRevision: z.number().nullable().describe('etcd 3.5+; null on 3.4, which has no AuthStatus call'),
  root: z
    .object({ exists: z.boolean(), hasRootRole: z.boolean() })
    .nullable()
    .describe(
      'etcd enables auth only with a root user holding the root role; null when the console cannot read users',
    ),
});

export const authToggleAnswer = z.object({
  enabled: z.boolean(),
  note: z.string().describe('what the console itself needs now'),
});

export const okAnswer = z.object({ ok: z.literal(true) });
