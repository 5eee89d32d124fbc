// Tuning variables read with zod: a typo stops the console with one line naming the variable, never NaN.
import type { z } from 'zod';
import { ConfigError } from './config';

export function readEnv<T extends z.ZodType>(
  schema: T,
  env: Record<string, string | undefined> = process.env,
): z.infer<T> {
  const parsed = schema.safeParse(env);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const variable = String(issue?.path[0] ?? 'environment');
  const shown = typeof env[variable] === 'string' ? ` (got ${JSON.stringify(env[variable])})` : '';
  throw new ConfigError(`Invalid configuration: ${variable}: ${issue?.message ?? 'invalid'}${shown}`);
}
