// The layout settings document: built-ins turned off, and layouts an admin declared.
import { z } from 'zod';
import { BUILT_IN_IDS } from './builtin';
import { declaredLayoutSchema } from './declared';

export const layoutSettingsSchema = z
  .object({
    disabled: z.array(z.string().max(63)).max(100).default([]).describe('ids of layouts turned off'),
    declared: z.array(declaredLayoutSchema).max(50).default([]).describe('layouts of your own'),
  })
  .refine((s) => new Set(s.declared.map((d) => d.id)).size === s.declared.length, {
    message: 'two declared layouts share an id',
    path: ['declared'],
  })
  .refine((s) => s.declared.every((d) => !BUILT_IN_IDS.includes(d.id)), {
    message: 'a declared layout uses a built-in id',
    path: ['declared'],
  });

export type LayoutSettings = z.infer<typeof layoutSettingsSchema>;
