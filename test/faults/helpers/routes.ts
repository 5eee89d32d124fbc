// Every /api/v1 route handler, found by walking app/api/v1/**/route.ts (as test/integration/security.test.ts
// does), with the query, path and body fields the OpenAPI document lists for it.
import fs from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';

export type Handler = (
  request: Request,
  context: { params: Promise<Record<string, string>> },
) => Promise<Response>;

export type ApiRoute = {
  method: string;
  /** The name given to route(), e.g. kv.item.put. */
  name: string;
  handler: Handler;
  /** e.g. /api/v1/services/{name}/instances/{id} */
  template: string;
  params: string[];
  query: string[];
  body: string[];
};

const apiRoot = path.resolve(import.meta.dirname, '../../../app/api/v1');

export async function allApiRoutes(): Promise<ApiRoute[]> {
  const { allOperations } = await import('@/lib/api/openapi/document');
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      if (e.isDirectory()) walk(path.join(dir, e.name));
      else if (e.name === 'route.ts') files.push(path.join(dir, e.name));
    }
  };
  walk(apiRoot);
  const routes: ApiRoute[] = [];
  for (const file of files.sort()) {
    const segments = path.relative(apiRoot, path.dirname(file)).split(path.sep).filter(Boolean);
    const params: string[] = [];
    const template = `/api/v1/${segments
      .map((seg) => {
        const m = /^\[(.+)\]$/.exec(seg);
        if (!m) return seg;
        params.push(m[1]!);
        return `{${m[1]}}`;
      })
      .join('/')}`.replace(/\/$/, '');
    const source = fs.readFileSync(file, 'utf8');
    const mod = (await import(file)) as Record<string, Handler>;
    for (const m of source.matchAll(/export const (GET|POST|PUT|PATCH|DELETE) = route\(\s*'([^']+)'/g)) {
      const method = m[1]!;
      const op = allOperations.find((o) => o.path === template && o.method.toUpperCase() === method);
      const keys = (schema: z.ZodType | undefined) =>
        schema && 'shape' in schema ? Object.keys((schema as z.ZodObject).shape) : [];
      routes.push({
        method,
        name: m[2]!,
        handler: mod[method]!,
        template,
        params,
        query: keys(op?.query),
        body: keys(op?.body),
      });
    }
  }
  return routes;
}
