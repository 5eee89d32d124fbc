// Who may see which dispatch objects: they are keys, so the key scope decides (lib/auth/access.ts).

import { commandGroupDir, taskKey, workerKey } from '@etcd-console/core/worker';
import { mayReadKey, mayReadPrefix } from '../auth/access';
import type { Actor } from '../auth/context';
import { currentActor } from '../auth/context';

/**
 * A command is visible when its whole group directory /commands/<group>/ is readable: a command's state is made of
 * many keys under it (spec, runs, history, retries), and a scope that reaches only some of them would show a
 * command assembled from keys the caller may not read. The group is also what commands are sent to and listed by.
 */
export function commandVisible(group: string, actor: Actor | null = currentActor()): boolean {
  return mayReadPrefix(commandGroupDir(group), actor);
}

/** A worker is visible when its registration key /workers/<group>/<id> is readable. */
export function workerVisible(group: string, id: string, actor: Actor | null = currentActor()): boolean {
  return mayReadKey(workerKey(group, id), actor);
}

/** A work report is visible when its live key /tasks/<id> is readable (its record under /tasks/_records/ follows). */
export function taskVisible(id: string, actor: Actor | null = currentActor()): boolean {
  return mayReadKey(taskKey(id), actor);
}
