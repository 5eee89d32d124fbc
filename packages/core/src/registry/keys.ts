// Where the service registry lives in the keyspace: /services/<service>/<instanceId>, under the console's prefix.
import { z } from 'zod';

export const SERVICES_ROOT = '/services/';

export const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/** A service name or an instance id. */
export const registryName = z
  .string()
  .regex(
    NAME_PATTERN,
    'must match ^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$ (letters, digits, ".", "_", "-"; 1–128)',
  );

export function serviceDir(service: string): string {
  return `${SERVICES_ROOT}${service}/`;
}

export function instanceKey(service: string, id: string): string {
  return `${serviceDir(service)}${id}`;
}

/** Splits /services/<service>/<id> into its names; null for keys that are not an instance (nested or malformed). */
export function splitInstanceKey(key: string): { service: string; id: string } | null {
  if (!key.startsWith(SERVICES_ROOT)) return null;
  const rest = key.slice(SERVICES_ROOT.length);
  const slash = rest.indexOf('/');
  if (slash <= 0) return null;
  const service = rest.slice(0, slash);
  const id = rest.slice(slash + 1);
  if (!NAME_PATTERN.test(service) || !NAME_PATTERN.test(id)) return null;
  return { service, id };
}
