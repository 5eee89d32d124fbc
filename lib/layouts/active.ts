import 'server-only';
// The layouts the Services area reads: every known layout with whether it is on and the roots its keys live under
// (fixed roots, or those detection found for the layouts without one). Detection is cached per cluster.
import { runWithContext } from '../auth/context';
import { currentClusterName } from '../etcd/cluster-context';
import { BUILT_IN_LAYOUTS } from './builtin';
import { compileDeclaredLayout } from './declared';
import { type Detection, detectLayouts } from './detect';
import { type LayoutSettings, readLayoutSettings } from './settings';
import type { LayoutDescriptor } from './types';

export type KnownLayout = { layout: LayoutDescriptor; enabled: boolean; roots: string[] };

/** Detection is redone when asked after this long (the stale answer serves meanwhile), or after a settings change. */
const FRESH_MS = 10_000;

type Entry = { detection?: Detection; at: number; running?: Promise<Detection> };
const holder = globalThis as typeof globalThis & { __layoutDetections?: Map<string, Entry> };

export function allLayouts(settings: LayoutSettings): LayoutDescriptor[] {
  return [...BUILT_IN_LAYOUTS, ...settings.declared.map(compileDeclaredLayout)];
}

/** Runs detection as the console itself (it serves every caller; what each sees is filtered when read). */
function runDetection(cluster: string, layouts: LayoutDescriptor[], entry: Entry): Promise<Detection> {
  entry.running ??= runWithContext(
    { actor: null, source: 'internal', route: 'layouts.detect', audited: true, cluster },
    () => detectLayouts(layouts),
  )
    .then((detection) => {
      entry.detection = detection;
      entry.at = Date.now();
      return detection;
    })
    .finally(() => {
      entry.running = undefined;
    });
  return entry.running;
}

/** The cluster's detection: cached; a stale one is returned while a new one runs; `fresh` waits for a new one. */
export async function currentDetection(layouts: LayoutDescriptor[], fresh = false): Promise<Detection> {
  holder.__layoutDetections ??= new Map();
  const cluster = currentClusterName();
  let entry = holder.__layoutDetections.get(cluster);
  if (!entry) {
    entry = { at: 0 };
    holder.__layoutDetections.set(cluster, entry);
  }
  if (!entry.detection || fresh) return runDetection(cluster, layouts, entry);
  if (Date.now() - entry.at > FRESH_MS) void runDetection(cluster, layouts, entry).catch(() => {});
  return entry.detection;
}

/** Forgets every cached detection (settings changed; tests). */
export function forgetDetections(): void {
  holder.__layoutDetections?.clear();
}

const UNDETECTED: Detection = { layouts: [], detectedAt: '', leases: 0, truncated: false };

/**
 * Every known layout, on or off, with the roots the Services area reads for it. Without `detect` the layouts
 * without a fixed root have no roots (one service's directory needs none: it follows from the name).
 */
export async function knownLayouts(options: { fresh?: boolean; detect?: boolean } = {}): Promise<{
  layouts: KnownLayout[];
  settings: LayoutSettings;
  modRevision: number;
  detection: Detection;
}> {
  const { settings, modRevision } = await readLayoutSettings();
  const layouts = allLayouts(settings);
  const detection = options.detect === false ? UNDETECTED : await currentDetection(layouts, options.fresh);
  const detected = new Map(detection.layouts.map((d) => [d.id, d.roots]));
  return {
    layouts: layouts.map((layout) => ({
      layout,
      enabled: !settings.disabled.includes(layout.id),
      roots: layout.roots.length > 0 ? layout.roots : (detected.get(layout.id) ?? []),
    })),
    settings,
    modRevision,
    detection,
  };
}

/** The layouts that are on, with their roots (detected ones only with `detect`, the default). */
export async function enabledLayouts(detect = true): Promise<KnownLayout[]> {
  return (await knownLayouts({ detect })).layouts.filter((l) => l.enabled);
}
