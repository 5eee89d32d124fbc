import 'server-only';
// Which layouts the connected cluster holds, from a bounded sample, never a whole-keyspace read: a few keys at each
// fixed root (one limited range per root, which costs what that root holds), and for the layouts without a fixed
// root, the keys found on a sample of leases (lease-sample.ts) and their values (one single-key read each).
import type { IKeyValue } from 'etcd3';
import { rangeEndOf } from '../auth/access';
import { rangeBatch } from '../kv/range';
import { RESERVED_PREFIX } from '../kv/reserved';
import { sampleLeasedKeys } from './lease-sample';
import { isProblem, type LayoutDescriptor } from './types';

export type DetectedLayout = {
  id: string;
  /** Where its instances were found: its fixed roots, or the top-level prefixes they sit under. */
  roots: string[];
  /** Sampled keys that decoded as instances. */
  samples: number;
};

export type Detection = {
  layouts: DetectedLayout[];
  detectedAt: string;
  /** Leases whose keys were looked at. */
  leases: number;
  /** More leases exist than were sampled. */
  truncated: boolean;
};

/** Keys read at each fixed root. */
const ROOT_SAMPLE = 8;
/** Leases looked at, and keys taken from each. */
export const MAX_LEASES = 512;
const KEYS_PER_LEASE = 4;
/** Leased keys whose values are read, per top-level prefix. */
const PER_ROOT = 4;

/** The top-level directory of a key: "/name/" or "name/"; null for a key with no directory. */
export function topLevelOf(key: string): string | null {
  const from = key.startsWith('/') ? 1 : 0;
  const slash = key.indexOf('/', from);
  return slash > from ? key.slice(0, slash + 1) : null;
}

/** The sampled keys `layout` reads as instances. */
function instancesIn(layout: LayoutDescriptor, kvs: IKeyValue[]): number {
  let n = 0;
  for (const kv of kvs) {
    const key = kv.key.toString('utf8');
    if (!layout.match(key)) continue;
    const lease = kv.lease && kv.lease !== '0' ? kv.lease : null;
    if (!isProblem(layout.decode(key, kv.value.toString('utf8'), lease))) n += 1;
  }
  return n;
}

/** A few keys with values under each root, all read in one batch at one revision. */
async function sampleRoots(roots: string[]): Promise<Map<string, IKeyValue[]>> {
  const reads = roots.map((root) => ({
    start: Buffer.from(root),
    end: rangeEndOf(Buffer.from(root)) ?? Buffer.alloc(0),
    limit: ROOT_SAMPLE,
  }));
  const { results } = await rangeBatch(reads);
  return new Map(roots.map((root, i) => [root, results[i]?.kvs ?? []]));
}

/** Leased keys outside every fixed root, a few per top-level prefix, with their values. */
async function sampleLeasedRoots(
  fixedRoots: string[],
): Promise<{ byRoot: Map<string, IKeyValue[]>; leases: number; truncated: boolean }> {
  const leased = await sampleLeasedKeys(MAX_LEASES, KEYS_PER_LEASE);
  const reserved = RESERVED_PREFIX.toString();
  const picked = new Map<string, string[]>();
  for (const key of leased.keys) {
    const root = topLevelOf(key);
    if (!root || root === reserved || fixedRoots.some((f) => key.startsWith(f) || f.startsWith(root)))
      continue;
    const list = picked.get(root) ?? [];
    if (list.length < PER_ROOT) picked.set(root, [...list, key]);
  }
  const keys = [...picked.values()].flat();
  const { results } =
    keys.length > 0 ? await rangeBatch(keys.map((k) => ({ start: Buffer.from(k) }))) : { results: [] };
  const byRoot = new Map<string, IKeyValue[]>();
  for (const kv of results.flatMap((r) => r.kvs)) {
    const root = topLevelOf(kv.key.toString('utf8'))!;
    byRoot.set(root, [...(byRoot.get(root) ?? []), kv]);
  }
  return { byRoot, leases: leased.leases, truncated: leased.truncated };
}

/** Samples the keyspace (as the current actor: the console itself when run in the background) for `layouts`. */
export async function detectLayouts(layouts: readonly LayoutDescriptor[]): Promise<Detection> {
  const found = new Map<string, DetectedLayout>();
  const note = (layout: LayoutDescriptor, root: string, kvs: IKeyValue[]) => {
    const n = instancesIn(layout, kvs);
    if (n === 0) return;
    const entry = found.get(layout.id) ?? { id: layout.id, roots: [], samples: 0 };
    found.set(layout.id, entry);
    if (!entry.roots.includes(root)) entry.roots.push(root);
    entry.samples += n;
  };
  const fixed = layouts.filter((l) => l.roots.length > 0);
  const rootless = layouts.filter((l) => l.roots.length === 0);
  const fixedRoots = [...new Set(fixed.flatMap((l) => l.roots))];
  const samples = await sampleRoots(fixedRoots);
  for (const layout of fixed) for (const root of layout.roots) note(layout, root, samples.get(root) ?? []);
  const leased = rootless.length > 0 ? await sampleLeasedRoots(fixedRoots) : null;
  for (const [root, kvs] of leased?.byRoot ?? []) for (const layout of rootless) note(layout, root, kvs);
  const order = layouts.map((l) => l.id);
  return {
    layouts: [...found.values()]
      .map((d) => ({ ...d, roots: d.roots.sort() }))
      .sort((a, b) => order.indexOf(a.id) - order.indexOf(b.id)),
    detectedAt: new Date().toISOString(),
    leases: leased?.leases ?? 0,
    truncated: leased?.truncated ?? false,
  };
}
