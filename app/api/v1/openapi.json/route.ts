import { openApiDocument } from '@/lib/api/openapi/document';
import { route } from '@/lib/api/route';

// GET /api/v1/openapi.json – the API described from the same zod schemas the routes parse with
export const GET = route('openapi', () => Response.json(openApiDocument()));
