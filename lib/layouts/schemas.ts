// zod schemas of the layouts API: the settings document, the preview, and the answers (also the OpenAPI source).
import { z } from 'zod';
import { declaredLayoutSchema } from './declared';
import { layoutSettingsSchema } from './settings-schema';

export const layoutsGetQuery = z.object({
  detect: z
    .enum(['true', 'false', '1', '0'])
    .optional()
    .transform((v) => v === 'true' || v === '1')
    .describe('detect afresh now instead of answering the cached detection (at most 10 s old, else redone)'),
});

export const layoutsPut = z.object({
  settings: layoutSettingsSchema,
  expectedModRevision: z
    .number()
    .int()
    .min(0)
    .describe('the modRevision GET answered (0: never saved); 409 when the settings changed since'),
});

export const layoutEntry = z.object({
  id: z.string(),
  title: z.string(),
  source: z.string().describe('the framework file the layout follows, or "declared"'),
  kind: z.enum(['built-in', 'declared']),
  pattern: z.string(),
  roots: z.array(z.string()).describe('fixed roots, or the roots detection found'),
  writes: z.object({ drain: z.boolean(), deregister: z.enum(['lease', 'key']).nullable() }),
  enabled: z.boolean(),
  detected: z
    .object({ roots: z.array(z.string()), samples: z.number() })
    .nullable()
    .describe('what the last detection found of it; null: nothing'),
});

export const layoutsAnswer = z.object({
  layouts: z.array(layoutEntry),
  settings: layoutSettingsSchema,
  modRevision: z.number(),
  detection: z.object({
    detectedAt: z.string(),
    leases: z.number().describe('leases whose keys were sampled'),
    truncated: z.boolean().describe('more leases exist than were sampled'),
  }),
});

export const layoutPreviewBody = declaredLayoutSchema;

export const layoutPreviewAnswer = z.object({
  items: z.array(
    z.object({
      key: z.string(),
      service: z.string(),
      id: z.string(),
      address: z.string(),
      port: z.number().optional(),
      status: z.enum(['up', 'draining', 'invalid']),
      problem: z.string().optional(),
    }),
  ),
  services: z.array(z.string()).describe('distinct services among the matched keys'),
  scanned: z.number().describe('keys read under the root (at most 500, only those the caller may read)'),
  more: z.boolean().describe('the root holds more keys than were read'),
  revision: z.number(),
});

export type LayoutsAnswer = z.infer<typeof layoutsAnswer>;
export type LayoutPreviewAnswer = z.infer<typeof layoutPreviewAnswer>;
