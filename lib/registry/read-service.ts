import 'server-only';
// One service's instance items in its layout: the readable keys of its directory that the layout names it by.
import type { Namespace } from 'etcd3';
import type { KnownLayout } from '../layouts/active';
import { layoutItem } from './layout-item';
import { forEachReadableRootPage } from './read-roots';
import type { InstanceItem } from './schemas';

export async function readServiceItems(
  kv: Namespace,
  known: KnownLayout,
  service: string,
): Promise<{ items: InstanceItem[]; revision: number; dir: string }> {
  const dir = known.layout.serviceDir(service);
  const items: InstanceItem[] = [];
  const revision = await forEachReadableRootPage(kv, [dir], (page) => {
    for (const kv of page) {
      const item = layoutItem(known.layout, kv, service);
      if (item) items.push(item);
    }
  });
  return { items, revision, dir };
}
