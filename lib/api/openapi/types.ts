// One operation of the HTTP API, described with the same zod schemas the route parses with.
import type { z } from 'zod';

export type Operation = {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** OpenAPI path, e.g. /api/v1/services/{name} */
  path: string;
  summary: string;
  tag: string;
  query?: z.ZodObject;
  params?: z.ZodObject;
  body?: z.ZodType;
  /** Schema of the 2xx JSON body; omit for non-JSON answers and set `produces`. */
  response?: z.ZodType;
  status?: number;
  produces?: string;
  /** Documented error codes besides the generic ones. */
  errors?: number[];
};
