import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { routePolicy } from '@/lib/auth/policy';

const apiRoot = path.resolve(import.meta.dirname, '../../app/api/v1');

function routeNames(): Array<{ name: string; method: string; file: string }> {
  const out: Array<{ name: string; method: string; file: string }> = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name === 'route.ts') {
        const source = fs.readFileSync(full, 'utf8');
        for (const m of source.matchAll(/export const (GET|POST|PUT|PATCH|DELETE) = route\(\s*'([^']+)'/g)) {
          out.push({ method: m[1]!, name: m[2]!, file: path.relative(apiRoot, full) });
        }
        // Every exported handler goes through route().
        const exported = [
          ...source.matchAll(/export (?:const|async function) (GET|POST|PUT|PATCH|DELETE)\b/g),
        ].length;
        const wrapped = [...source.matchAll(/export const (GET|POST|PUT|PATCH|DELETE) = route\(/g)].length;
        expect(wrapped, `${full}: every handler must be wrapped by route()`).toBe(exported);
      }
    }
  };
  walk(apiRoot);
  return out;
}

describe('route policy', () => {
  const routes = routeNames();

  it('names every route in the one policy table', () => {
    const missing = routes
      .filter((r) => !(r.name in routePolicy))
      .map((r) => `${r.method} ${r.file} (${r.name})`);
    expect(missing).toEqual([]);
  });

  it('never lets a state-changing route be public, except signing in and out', () => {
    const open = routes
      .filter((r) => r.method !== 'GET' && routePolicy[r.name]?.kind === 'public')
      .map((r) => r.name)
      .sort();
    expect(open).toEqual(['auth.login', 'auth.logout']);
  });

  it('marks every state-changing route as a write, so read-only mode stops it', () => {
    const unmarked = routes.filter((r) => {
      const access = routePolicy[r.name];
      return r.method !== 'GET' && access?.kind === 'role' && !access.writes;
    });
    expect(unmarked.map((r) => r.name)).toEqual([]);
  });
});
