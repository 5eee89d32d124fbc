import 'server-only';
// API tokens for machines: shown once, stored as a SHA-256 hash under /_console/tokens/, with role, scopes, expiry.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { ApiError } from '../api/errors';
import { auditOp } from '../audit/record';
import { etcdSystemKv } from '../etcd/client';
import { assertWithinOwnScope, looseScopes } from './access';
import { authConfig } from './auth-config';
import { type Role, roles } from './config';
import { type Actor, currentActor, markAudited } from './context';
import { openIdentity, sealIdentity } from './token-identity';

const TOKENS = '/_console/tokens/';

export const createTokenBody = z
  .object({
    name: z.string().min(1).max(100),
    role: z.enum(roles),
    prefixes: z.array(z.string().min(1).max(1024)).max(50).default([]),
    expiresInDays: z.number().int().min(1).max(3650).default(90),
  })
  .strict();

const storedToken = z.object({
  id: z.string(),
  name: z.string(),
  role: z.enum(roles),
  prefixes: z.array(z.string()),
  hash: z.string(),
  createdBy: z.string(),
  /** etcd login mode: the maker's etcd identity, sealed with the token's secret (lib/auth/token-identity.ts). */
  etcd: z.object({ username: z.string(), sealed: z.string() }).optional(),
  createdAt: z.string(),
  expiresAt: z.string(),
});

export type TokenInfo = Omit<z.infer<typeof storedToken>, 'hash' | 'etcd'> & { etcdUser?: string };

function hash(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/**
 * The token and its audit record in one transaction. A scoped admin grants only prefixes inside their own scope.
 */
export async function createToken(body: z.infer<typeof createTokenBody>, createdBy: string) {
  assertWithinOwnScope(body.prefixes);
  const id = randomBytes(6).toString('hex');
  const secret = randomBytes(24).toString('base64url');
  const now = new Date();
  const record = {
    id,
    name: body.name,
    role: body.role as Role,
    prefixes: body.prefixes,
    hash: hash(secret),
    createdBy,
    createdAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + body.expiresInDays * 86400_000).toISOString(),
    ...etcdIdentityFor(secret, id),
  };
  const kv = etcdSystemKv();
  const key = `${TOKENS}${id}`;
  const res = await kv
    .if(key, 'Create', '==', 0)
    .then(
      kv.put(key).value(JSON.stringify(record)),
      auditOp('tokens.create', [Buffer.from(key)], {
        details: {
          id,
          name: body.name,
          role: body.role,
          prefixes: body.prefixes,
          expiresAt: record.expiresAt,
        },
      }),
    )
    .commit();
  if (!res.succeeded) throw new Error(`token id ${id} already exists`);
  markAudited();
  const { hash: _omit, etcd, ...info } = record;
  const warnings = looseScopes(body.prefixes).map(
    (p) =>
      `The prefix ${JSON.stringify(p)} does not end in "/": it also covers every key that starts with it, such as ${JSON.stringify(`${p}-x/`)}.`,
  );
  return {
    token: `etcdc_${id}_${secret}`,
    info: { ...info, ...(etcd ? { etcdUser: etcd.username } : {}) },
    warnings,
  };
}

/** In etcd login mode a token acts as the etcd user who made it; without one it could only act as the console. */
function etcdIdentityFor(secret: string, id: string): { etcd?: z.infer<typeof storedToken>['etcd'] } {
  if (authConfig().mode !== 'etcd') return {};
  const own = currentActor()?.etcd;
  if (!own) {
    throw new ApiError(
      'forbidden',
      'In etcd login mode a token acts as the etcd user who makes it: sign in with your etcd account to make one.',
    );
  }
  return { etcd: sealIdentity(own, secret, id) };
}

export async function listTokens(): Promise<TokenInfo[]> {
  const all = await etcdSystemKv().getAll().prefix(TOKENS).strings();
  return Object.values(all).flatMap((raw) => {
    const parsed = storedToken.safeParse(JSON.parse(raw));
    if (!parsed.success) return [];
    const { hash: _omit, etcd, ...info } = parsed.data;
    return [{ ...info, ...(etcd ? { etcdUser: etcd.username } : {}) }];
  });
}

/** The delete and its audit record in one transaction. */
export async function revokeToken(id: string): Promise<void> {
  const kv = etcdSystemKv();
  const key = `${TOKENS}${id}`;
  const res = await kv
    .if(key, 'Create', '>', 0)
    .then(kv.delete().key(key), auditOp('tokens.revoke', [Buffer.from(key)], { details: { id } }))
    .commit();
  if (!res.succeeded) throw new ApiError('not_found', 'No such token.');
  markAudited();
}

/** Answers for recently seen tokens, by hash of the bearer; bounded so random bearers cannot grow it. */
const cache = new Map<string, { actor: Actor | null; until: number }>();
const MAX_CACHED_TOKENS = 10_000;

function remember(id: string, actor: Actor | null): void {
  if (cache.size >= MAX_CACHED_TOKENS) {
    const now = Date.now();
    for (const [k, v] of cache) if (v.until <= now) cache.delete(k);
    if (cache.size >= MAX_CACHED_TOKENS) cache.delete(cache.keys().next().value!);
  }
  cache.set(id, { actor, until: Date.now() + 5000 });
}

/** The token's actor, or null for an unknown, revoked or expired token (cached a few seconds). */
export async function actorForToken(bearer: string): Promise<Actor | null> {
  const match = /^etcdc_([0-9a-f]{12})_([A-Za-z0-9_-]{20,64})$/.exec(bearer);
  // A malformed token costs no etcd read and takes no cache room.
  if (!match) return null;
  const cacheId = hash(bearer);
  const cached = cache.get(cacheId);
  if (cached && cached.until > Date.now()) return cached.actor;
  let actor: Actor | null = null;
  {
    const raw = await etcdSystemKv().get(`${TOKENS}${match[1]}`).string();
    const parsed = raw ? storedToken.safeParse(JSON.parse(raw)) : null;
    if (parsed?.success) {
      const t = parsed.data;
      const a = Buffer.from(t.hash, 'hex');
      const b = Buffer.from(hash(match[2]!), 'hex');
      if (a.length === b.length && timingSafeEqual(a, b) && Date.parse(t.expiresAt) > Date.now()) {
        actor = { name: `token:${t.name}`, role: t.role, prefixes: t.prefixes, via: 'token' };
        // In etcd login mode a token without an etcd identity would act as the console itself: refused.
        if (!t.etcd && authConfig().mode === 'etcd') actor = null;
        else if (t.etcd) {
          const identity = openIdentity(t.etcd, match[2]!, t.id);
          actor = identity ? { ...actor, etcd: identity } : null;
        }
      }
    }
  }
  remember(cacheId, actor);
  return actor;
}
