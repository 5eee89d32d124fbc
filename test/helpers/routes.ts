// Every route file under app/api/v1 with its handlers, for tests that call routes in-process.
import fs from 'node:fs';
import path from 'node:path';

type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

export type RouteFile = {
  /** The policy name of the route's handlers (one per file and method; the first is `name`). */
  name: string;
  names: Record<string, string>;
  file: string;
  handlers: Record<string, Handler>;
  /** The path under /api/v1 with [param] segments. */
  pattern: string;
  matches(method: string, urlPath: string): boolean;
  paramsFor(urlPath: string): Record<string, string>;
};

const apiRoot = path.resolve(import.meta.dirname, '../../app/api/v1');

function routeFiles(dir: string, out: string[] = []): string[] {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (e.isDirectory()) routeFiles(path.join(dir, e.name), out);
    else if (e.name === 'route.ts') out.push(path.join(dir, e.name));
  }
  return out;
}

function segmentsOf(urlPath: string): string[] {
  return urlPath.split('?')[0]!.split('/').filter(Boolean);
}

/** One entry per route name (a file with GET and POST under two names gives two entries). */
export async function listRouteFiles(): Promise<RouteFile[]> {
  const out: RouteFile[] = [];
  for (const file of routeFiles(apiRoot)) {
    const rel = path.relative(apiRoot, path.dirname(file)).split(path.sep).filter(Boolean);
    const source = fs.readFileSync(file, 'utf8');
    const handlers = (await import(file)) as Record<string, Handler>;
    const names: Record<string, string> = {};
    for (const m of source.matchAll(/export const (GET|POST|PUT|PATCH|DELETE) = route\(\s*'([^']+)'/g)) {
      names[m[1]!] = m[2]!;
    }
    const matchSegments = (urlPath: string) => {
      const segs = segmentsOf(urlPath);
      return segs.length === rel.length && rel.every((r, i) => /^\[.+\]$/.test(r) || r === segs[i]);
    };
    for (const [method, name] of Object.entries(names)) {
      out.push({
        name,
        names,
        file,
        handlers: { [method]: handlers[method]! },
        pattern: rel.join('/'),
        matches: (m, urlPath) => m === method && matchSegments(urlPath),
        paramsFor: (urlPath) => {
          const segs = segmentsOf(urlPath);
          const params: Record<string, string> = {};
          rel.forEach((r, i) => {
            const p = /^\[(.+)\]$/.exec(r);
            if (p) params[p[1]!] = decodeURIComponent(segs[i] ?? '');
          });
          return params;
        },
      });
    }
  }
  return out;
}

export { gateHeaders } from './gate';
