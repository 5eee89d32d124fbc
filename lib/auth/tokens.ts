import 'server-only';
// API tokens for machines: shown once, stored as a SHA-256 hash under /_console/tokens/, with role, scopes, expiry.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { ApiError } from '../api/errors';
import { etcdSystemKv } from '../etcd/client';
import { type Role, roles } from './config';
import type { Actor } from './context';

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
  createdAt: z.string(),
  expiresAt: z.string(),
});

export type TokenInfo = Omit<z.infer<typeof storedToken>, 'hash'>;

function hash(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export async function createToken(body: z.infer<typeof createTokenBody>, createdBy: string) {
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
  };
  await etcdSystemKv().put(`${TOKENS}${id}`).value(JSON.stringify(record));
  const { hash: _omit, ...info } = record;
  return { token: `etcdc_${id}_${secret}`, info };
}

export async function listTokens(): Promise<TokenInfo[]> {
  const all = await etcdSystemKv().getAll().prefix(TOKENS).strings();
  return Object.values(all).flatMap((raw) => {
    const parsed = storedToken.safeParse(JSON.parse(raw));
    if (!parsed.success) return [];
    const { hash: _omit, ...info } = parsed.data;
    return [info];
  });
}

export async function revokeToken(id: string): Promise<void> {
  const res = await etcdSystemKv().delete().key(`${TOKENS}${id}`).exec();
  if (res.deleted === '0') throw new ApiError('not_found', 'No such token.');
}

const cache = new Map<string, { actor: Actor | null; until: number }>();

/** The token's actor, or null for an unknown, revoked or expired token (cached a few seconds). */
export async function actorForToken(bearer: string): Promise<Actor | null> {
  const cached = cache.get(bearer);
  if (cached && cached.until > Date.now()) return cached.actor;
  const match = /^etcdc_([0-9a-f]{12})_([A-Za-z0-9_-]{20,64})$/.exec(bearer);
  let actor: Actor | null = null;
  if (match) {
    const raw = await etcdSystemKv().get(`${TOKENS}${match[1]}`).string();
    const parsed = raw ? storedToken.safeParse(JSON.parse(raw)) : null;
    if (parsed?.success) {
      const t = parsed.data;
      const a = Buffer.from(t.hash, 'hex');
      const b = Buffer.from(hash(match[2]!), 'hex');
      if (a.length === b.length && timingSafeEqual(a, b) && Date.parse(t.expiresAt) > Date.now()) {
        actor = { name: `token:${t.name}`, role: t.role, prefixes: t.prefixes, via: 'token' };
      }
    }
  }
  cache.set(bearer, { actor, until: Date.now() + 5000 });
  return actor;
}
