import 'server-only';
import { registryName } from '@etcd-console/core/registry';
// Which layout a services request is about (?layout=, default "console"), and its names checked as that layout
// allows: our own registry keeps its strict names, foreign ones may hold dots, slashes, percent signs.
import { z } from 'zod';
import { ApiError } from '../api/errors';
import { enabledLayouts, type KnownLayout } from '../layouts/active';

export async function resolveLayout(id: string): Promise<KnownLayout> {
  const found = (await enabledLayouts(false)).find((l) => l.layout.id === id);
  if (!found) throw new ApiError('not_found', `No layout "${id}" is on.`);
  return found;
}

/** The layout and the names, validated: 400 for a name our own registry could not hold. */
export async function resolveServiceRef(layoutId: string, name: string, id?: string): Promise<KnownLayout> {
  if (layoutId === 'console') {
    z.object({ name: registryName, id: registryName.optional() }).parse({ name, id });
  }
  return resolveLayout(layoutId);
}
