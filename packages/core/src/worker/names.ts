// Names and ids used by the dispatch keyspace: groups, workers, commands and tasks.
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { z } from 'zod';

export const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/** A group, worker, command, task or command-type name. */
export const dispatchName = z
  .string()
  .regex(
    NAME_PATTERN,
    'must match ^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$ (letters, digits, ".", "_", "-"; 1–128)',
  );

/** Time-ordered and unique: 9 base-36 digits of milliseconds, then 10 random base-36 digits. */
export function newId(): string {
  const time = Date.now().toString(36).padStart(9, '0');
  const random = BigInt(`0x${randomBytes(8).toString('hex')}`)
    .toString(36)
    .padStart(13, '0')
    .slice(-10);
  return `${time}-${random}`;
}

/** hostname-pid, cleaned to a valid name. */
export function defaultWorkerId(): string {
  const host =
    os
      .hostname()
      .replace(/[^A-Za-z0-9._-]/g, '-')
      .replace(/^[^A-Za-z0-9]+/, '') || 'worker';
  return `${host.slice(0, 100)}-${process.pid}`;
}
