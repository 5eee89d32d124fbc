// Command-line parsing for the sidecar: flags before `--`, the program to run after it, values checked with zod.
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { type ZodError, z } from 'zod';
import type { SdkConnection } from '../connection';

/** A mistake on the command line: the CLI prints it with the usage text and exits with status 2. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly command?: string,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}

export type FlagSpec = NonNullable<ParseArgsConfig['options']>;
export type FlagValues = Record<string, string | string[] | boolean | undefined>;

/** Flags every command accepts. */
export const connectionFlags = {
  endpoints: { type: 'string' },
  'etcd-prefix': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies FlagSpec;

/** Splits at the first `--`; parses the flags before it (no positionals allowed there). */
export function parseCommandLine(
  command: string,
  argv: string[],
  flags: FlagSpec,
): { values: FlagValues; program: string[] } {
  const split = argv.indexOf('--');
  const before = split === -1 ? argv : argv.slice(0, split);
  const program = split === -1 ? [] : argv.slice(split + 1);
  try {
    const { values } = parseArgs({ args: before, options: flags, strict: true, allowPositionals: false });
    return { values: values as FlagValues, program };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new UsageError(message.replace(/\. To specify a positional argument.*$/s, ''), command);
  }
}

/** Validates parsed flags with a zod schema; the first problems become a usage error naming the flags. */
export function checkFlags<S extends z.ZodType>(command: string, schema: S, values: FlagValues): z.infer<S> {
  const parsed = schema.safeParse(values);
  if (parsed.success) return parsed.data;
  throw new UsageError(describeIssues(parsed.error), command);
}

function describeIssues(error: ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => {
      const flag = issue.path[0];
      if (issue.code === 'invalid_type' && issue.input === undefined) return `--${String(flag)} is required`;
      return `--${String(flag)}: ${issue.message}`;
    })
    .join('; ');
}

/** A service, instance, group, worker, command type, app or subscriber name, as the keyspace allows them. */
export const nameFlag = z
  .string()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/,
    'letters, digits, ".", "_", "-" (1–128), starting alphanumeric',
  );

/** A whole number given as text, within bounds. */
export function wholeNumber(min: number, max: number) {
  return z
    .string()
    .regex(/^\d+$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().min(min).max(max));
}

/** A decimal number given as text, within bounds. */
export function decimalNumber(min: number, max: number) {
  return z
    .string()
    .regex(/^\d+(\.\d+)?$/, 'must be a number')
    .transform(Number)
    .pipe(z.number().min(min).max(max));
}

/** The connection the flags (or ETCD_ENDPOINTS / ETCD_PREFIX and the other ETCD_* variables) describe. */
export function connectionFrom(values: FlagValues): SdkConnection {
  const endpoints = typeof values.endpoints === 'string' ? values.endpoints : undefined;
  const prefix = typeof values['etcd-prefix'] === 'string' ? values['etcd-prefix'] : undefined;
  return {
    ...(endpoints
      ? {
          etcd: {
            endpoints: endpoints
              .split(',')
              .map((s) => s.trim())
              .filter(Boolean),
          },
        }
      : {}),
    ...(prefix === undefined ? {} : { prefix }),
  };
}

/** Requires a program after `--`. */
export function requireProgram(command: string, program: string[], what: string): [string, ...string[]] {
  const [file, ...args] = program;
  if (!file) throw new UsageError(`give the ${what} to run after --`, command);
  return [file, ...args];
}
