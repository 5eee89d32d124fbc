// The console's etcd connection settings, read once from the environment and validated.
import { ConfigError } from '@etcd-console/core/etcd';
import { z } from 'zod';

function isEndpointUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return /^https?:$/.test(url.protocol) && url.hostname !== '' && url.pathname === '/' && !/\s/.test(text);
  } catch {
    return false;
  }
}

const endpointList = z
  .string()
  .trim()
  .min(1, 'must list at least one endpoint')
  .transform((raw) =>
    raw
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  )
  .pipe(
    z.array(
      z.string().refine(isEndpointUrl, { message: 'each endpoint must be a URL like http://127.0.0.1:2379' }),
    ),
  );

const optionalText = z
  .string()
  .optional()
  .transform((s) => (s && s.length > 0 ? s : undefined));

export const etcdEnvSchema = z.object({
  ETCD_ENDPOINTS: endpointList.default(['http://127.0.0.1:2379']),
  ETCD_USERNAME: optionalText,
  ETCD_PASSWORD: optionalText,
  ETCD_CA_FILE: optionalText,
  ETCD_CERT_FILE: optionalText,
  ETCD_KEY_FILE: optionalText,
  ETCD_PREFIX: z
    .string()
    .optional()
    .transform((s) => s ?? ''),
  // Short enough that a call stuck on a killed leader gives way to another member within the 3 s a console allows.
  ETCD_CALL_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(2000),
});

export type EtcdConfig = {
  endpoints: string[];
  username?: string;
  password?: string;
  caFile?: string;
  certFile?: string;
  keyFile?: string;
  prefix: string;
  callTimeoutMs: number;
};

export { ConfigError };

/** Parses the environment into an EtcdConfig, or throws a ConfigError whose message is one line naming the variable. */
export function readEtcdConfig(env: Record<string, string | undefined> = process.env): EtcdConfig {
  const parsed = etcdEnvSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const variable = String(issue?.path[0] ?? 'environment');
    const shown = typeof env[variable] === 'string' ? ` (got ${JSON.stringify(env[variable])})` : '';
    throw new ConfigError(`Invalid configuration: ${variable}: ${issue?.message ?? 'invalid'}${shown}`);
  }
  const e = parsed.data;
  if ((e.ETCD_USERNAME === undefined) !== (e.ETCD_PASSWORD === undefined)) {
    throw new ConfigError('Invalid configuration: ETCD_USERNAME and ETCD_PASSWORD must be set together');
  }
  if ((e.ETCD_CERT_FILE === undefined) !== (e.ETCD_KEY_FILE === undefined)) {
    throw new ConfigError('Invalid configuration: ETCD_CERT_FILE and ETCD_KEY_FILE must be set together');
  }
  return {
    endpoints: e.ETCD_ENDPOINTS,
    username: e.ETCD_USERNAME,
    password: e.ETCD_PASSWORD,
    caFile: e.ETCD_CA_FILE,
    certFile: e.ETCD_CERT_FILE,
    keyFile: e.ETCD_KEY_FILE,
    prefix: e.ETCD_PREFIX,
    callTimeoutMs: e.ETCD_CALL_TIMEOUT_MS,
  };
}
