import 'server-only';
import { forEachPageInRange, PAGE_SIZE } from '@etcd-console/core/etcd';
// Paged reads of several prefixes at one revision, each limited to the current actor's readable parts.
import type { IKeyValue, Namespace } from 'etcd3';
import { readablePartsOf } from '../kv/readable-pages';

const ZERO = Buffer.from([0]);

/** Visits every readable key under each prefix (overlapping prefixes are read once), all at one revision. */
export async function forEachReadableRootPage(
  kv: Namespace,
  prefixes: readonly string[],
  visit: (kvs: IKeyValue[], prefix: string) => void,
): Promise<number> {
  const sorted = [...new Set(prefixes)].sort();
  // A prefix inside another is read with it.
  const roots = sorted.filter((p, i) => !sorted.slice(0, i).some((q) => p.startsWith(q)));
  let revision: number | undefined;
  for (const root of roots) {
    for (const part of readablePartsOf(root)) {
      const bounds = { start: part.start.length === 0 ? ZERO : part.start, end: part.end ?? ZERO };
      revision = await forEachPageInRange(kv, bounds, (page) => visit(page, root), PAGE_SIZE, revision);
    }
  }
  return revision ?? Number((await kv.get('\0').exec()).header.revision);
}
