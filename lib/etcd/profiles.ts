// Connection profiles: several etcd clusters in one console. Without CONSOLE_CLUSTERS, one profile from ETCD_*.
import fs from 'node:fs';
import { z } from 'zod';
import { ConfigError, type EtcdConfig, readEtcdConfig } from './config';

export type ClusterProfile = EtcdConfig & { name: string; label: string };

export const CLUSTER_COOKIE = 'etcd_cluster';
export const CLUSTER_HEADER = 'x-etcd-cluster';

const profileSchema = z
  .object({
    name: z.string().regex(/^[a-z0-9][a-z0-9-]{0,31}$/, 'profile names are 1–32 of a-z 0-9 -'),
    label: z.string().max(64).optional(),
    endpoints: z.array(z.string()).min(1),
    prefix: z.string().optional(),
    caFile: z.string().optional(),
    certFile: z.string().optional(),
    keyFile: z.string().optional(),
    username: z.string().optional(),
    /** Name of the environment variable that holds this profile's etcd password (never the password itself). */
    passwordEnv: z
      .string()
      .regex(/^[A-Z_][A-Z0-9_]*$/)
      .optional(),
    callTimeoutMs: z.number().int().min(100).max(600_000).optional(),
  })
  .strict();

function fail(variable: string, message: string): never {
  throw new ConfigError(`Invalid configuration: ${variable}: ${message}`);
}

function rawProfiles(env: Record<string, string | undefined>): [string, string] | null {
  if (env.CONSOLE_CLUSTERS_FILE) {
    try {
      return ['CONSOLE_CLUSTERS_FILE', fs.readFileSync(env.CONSOLE_CLUSTERS_FILE, 'utf8')];
    } catch {
      fail('CONSOLE_CLUSTERS_FILE', `cannot read ${env.CONSOLE_CLUSTERS_FILE}`);
    }
  }
  return env.CONSOLE_CLUSTERS ? ['CONSOLE_CLUSTERS', env.CONSOLE_CLUSTERS] : null;
}

/** Every cluster the console may talk to; the first is the default. */
export function readClusterProfiles(env: Record<string, string | undefined> = process.env): ClusterProfile[] {
  const base = readEtcdConfig(env);
  const raw = rawProfiles(env);
  if (!raw) return [{ ...base, name: 'default', label: 'default' }];
  const [variable, text] = raw;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    fail(variable, 'is not valid JSON (expected [{ "name", "endpoints": [...] }])');
  }
  const parsed = z.array(profileSchema).min(1).safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    fail(variable, `${issue?.path.join('.') ?? ''} ${issue?.message ?? 'invalid'}`.trim());
  }
  const names = new Set<string>();
  return parsed.data.map((p) => {
    if (names.has(p.name)) fail(variable, `duplicate profile name ${p.name}`);
    names.add(p.name);
    const password = p.passwordEnv ? env[p.passwordEnv] : undefined;
    if (p.passwordEnv && password === undefined)
      fail(p.passwordEnv, `is not set (password of cluster profile ${p.name})`);
    // Each profile goes through the same validation as ETCD_* settings.
    const checked = readEtcdConfig({
      ETCD_ENDPOINTS: p.endpoints.join(','),
      ETCD_PREFIX: p.prefix ?? '',
      ETCD_CA_FILE: p.caFile,
      ETCD_CERT_FILE: p.certFile,
      ETCD_KEY_FILE: p.keyFile,
      ETCD_USERNAME: p.username,
      ETCD_PASSWORD: password,
      ETCD_CALL_TIMEOUT_MS: String(p.callTimeoutMs ?? base.callTimeoutMs),
    });
    return { ...checked, name: p.name, label: p.label ?? p.name };
  });
}
