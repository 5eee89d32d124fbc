// The query of GET /api/v1/metrics, also the OpenAPI source.
import { z } from 'zod';

export const metricsQuery = z.object({
  cluster: z
    .string()
    .min(1)
    .max(200)
    .optional()
    .describe('The cluster profile whose domain series to collect; default: as chosen by header or cookie'),
});
