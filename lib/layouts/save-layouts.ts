import 'server-only';
// PUT /api/v1/layouts: saves the settings (compare-and-swap with its audit record), then detects afresh.
import { forgetDetections } from './active';
import { assertLayoutsAdmin } from './admin-access';
import { listLayouts } from './list-layouts';
import type { LayoutsAnswer } from './schemas';
import { writeLayoutSettings } from './settings';
import type { LayoutSettings } from './settings-schema';

export async function saveLayouts(
  settings: LayoutSettings,
  expectedModRevision: number,
): Promise<LayoutsAnswer> {
  assertLayoutsAdmin();
  await writeLayoutSettings(settings, expectedModRevision);
  forgetDetections();
  return listLayouts(true);
}
