import 'server-only';
// POST /api/v1/layouts/preview: a draft layout applied to the real keys under its root — the first 500 the caller
// may read (range() reads only their readable parts), changing nothing.
import { rangeEndOf } from '../auth/access';
import { markNoChange } from '../auth/context';
import { range } from '../kv/range';
import { compileDeclaredLayout, type DeclaredLayout } from './declared';
import type { LayoutPreviewAnswer } from './schemas';
import { isProblem } from './types';

const PREVIEW_KEYS = 500;

export async function previewLayout(draft: DeclaredLayout): Promise<LayoutPreviewAnswer> {
  markNoChange();
  const layout = compileDeclaredLayout(draft);
  const root = Buffer.from(draft.root);
  const res = await range({ start: root, end: rangeEndOf(root) ?? Buffer.alloc(0), limit: PREVIEW_KEYS });
  const items: LayoutPreviewAnswer['items'] = [];
  for (const kv of res.kvs) {
    const key = kv.key.toString('utf8');
    const names = layout.match(key);
    if (!names) continue;
    const lease = kv.lease && kv.lease !== '0' ? kv.lease : null;
    const decoded = layout.decode(key, kv.value.toString('utf8'), lease);
    items.push(
      isProblem(decoded)
        ? { key, ...names, address: '', status: 'invalid', problem: decoded.problem }
        : { key, ...names, address: decoded.address, port: decoded.port, status: decoded.status },
    );
  }
  return {
    items,
    services: [...new Set(items.map((i) => i.service))].sort(),
    scanned: res.kvs.length,
    more: res.more,
    revision: res.revision,
  };
}
