import 'server-only';
// GET /api/v1/layouts: every layout, built-in or declared, on or off, with what detection found of it.
import { knownLayouts } from './active';
import { assertLayoutsAdmin } from './admin-access';
import type { LayoutsAnswer } from './schemas';

export async function listLayouts(fresh: boolean): Promise<LayoutsAnswer> {
  assertLayoutsAdmin();
  const { layouts, settings, modRevision, detection } = await knownLayouts({ fresh });
  const detected = new Map(detection.layouts.map((d) => [d.id, d]));
  return {
    layouts: layouts.map(({ layout, enabled, roots }) => {
      const d = detected.get(layout.id);
      return {
        id: layout.id,
        title: layout.title,
        source: layout.source,
        kind: layout.kind,
        pattern: layout.pattern,
        roots,
        writes: layout.writes,
        enabled,
        detected: d ? { roots: d.roots, samples: d.samples } : null,
      };
    }),
    settings,
    modRevision,
    detection: { detectedAt: detection.detectedAt, leases: detection.leases, truncated: detection.truncated },
  };
}
