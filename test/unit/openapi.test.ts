import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openApiDocument } from '@/lib/api/openapi/document';

const apiRoot = path.resolve(import.meta.dirname, '../../app/api/v1');

/** Every route file under app/api/v1 with the HTTP methods it exports, as OpenAPI paths. */
function routeFiles(): Array<{ path: string; methods: string[] }> {
  const out: Array<{ path: string; methods: string[] }> = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name === 'route.ts') {
        const source = fs.readFileSync(full, 'utf8');
        const methods = [...source.matchAll(/export const (GET|POST|PUT|PATCH|DELETE)\b/g)].map((m) =>
          m[1]!.toLowerCase(),
        );
        const rel = path.relative(apiRoot, dir).split(path.sep).join('/');
        out.push({ path: `/api/v1/${rel}`.replace(/\[([^\]]+)\]/g, '{$1}').replace(/\/$/, ''), methods });
      }
    }
  };
  walk(apiRoot);
  return out;
}

describe('OpenAPI document', () => {
  const document = openApiDocument();

  it('describes every route the app serves, with every method', () => {
    const missing: string[] = [];
    for (const file of routeFiles()) {
      for (const method of file.methods) {
        if (!document.paths[file.path]?.[method]) missing.push(`${method.toUpperCase()} ${file.path}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('is OpenAPI 3.1 with error responses on every operation', () => {
    expect(document.openapi).toBe('3.1.0');
    for (const [p, methods] of Object.entries(document.paths)) {
      for (const [m, op] of Object.entries(methods)) {
        expect(Object.keys((op as { responses: object }).responses), `${m} ${p}`).toContain('400');
      }
    }
  });
});
