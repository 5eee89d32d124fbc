// The floors of the house, enforced: the shared layer (packages/core) imports neither the SDKs nor console code,
// the SDKs (packages/sdk) import no console code, neither imports Next.js or React, and the console stands on the
// shared layer, never on the SDKs' insides.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
    const rel = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules' && entry.name !== 'dist') out.push(...sourceFiles(rel));
    } else if (/\.(ts|tsx|mjs)$/.test(entry.name)) out.push(rel);
  }
  return out;
}

/** Every module specifier a file imports or re-exports (static and dynamic). */
function importsOf(file: string): string[] {
  const text = fs.readFileSync(path.join(root, file), 'utf8');
  const specs: string[] = [];
  for (const m of text.matchAll(/(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g)) specs.push(m[1] as string);
  return specs;
}

/** The imports of the files under `dir` that break `rule`, as "file → specifier". */
function violations(dir: string, rule: (spec: string, file: string) => boolean): string[] {
  const found: string[] = [];
  for (const file of sourceFiles(dir)) {
    for (const spec of importsOf(file)) if (rule(spec, file)) found.push(`${file} → ${spec}`);
  }
  return found;
}

const leavesPackage = (spec: string, file: string, pkg: string) =>
  spec.startsWith('.') &&
  !path.resolve(root, path.dirname(file), spec).startsWith(path.join(root, pkg, 'src'));
const frameworks = /^(next|react|react-dom|server-only|next-intl|swr)(\/|$)/;

describe('the floors of the house', () => {
  it('the shared layer imports neither the SDKs nor the console, nor any framework', () => {
    const bad = violations(
      'packages/core/src',
      (spec, file) =>
        spec.startsWith('@etcd-console/sdk') ||
        spec.startsWith('@/') ||
        frameworks.test(spec) ||
        leavesPackage(spec, file, 'packages/core'),
    );
    expect(bad).toEqual([]);
  });

  it('the SDKs import no console code and no framework; only the shared layer and npm packages', () => {
    const bad = violations(
      'packages/sdk/src',
      (spec, file) =>
        spec.startsWith('@/') || frameworks.test(spec) || leavesPackage(spec, file, 'packages/sdk'),
    );
    expect(bad).toEqual([]);
  });

  it('the console never reaches into the SDKs: its domains stand on the shared layer', () => {
    const bad = ['lib', 'app', 'components', 'server'].flatMap((dir) =>
      violations(dir, (spec) => spec.includes('@etcd-console/sdk') || spec.includes('packages/sdk')),
    );
    expect(bad).toEqual([]);
  });

  it('nothing imports the shared layer or the SDKs by path: only by package name', () => {
    const bad = ['lib', 'app', 'components', 'server', 'packages/sdk/src', 'scripts'].flatMap((dir) =>
      violations(dir, (spec) => /(^|\/)packages\/(core|sdk)\/src/.test(spec) && !spec.startsWith('.')),
    );
    expect(bad).toEqual([]);
  });

  it('every npm package a workspace package imports is one of its dependencies (installed, it has nothing else)', () => {
    const missing: string[] = [];
    for (const pkg of ['packages/core', 'packages/sdk']) {
      const manifest = JSON.parse(fs.readFileSync(path.join(root, pkg, 'package.json'), 'utf8'));
      const declared = new Set(Object.keys(manifest.dependencies ?? {}));
      for (const file of sourceFiles(`${pkg}/src`)) {
        for (const spec of importsOf(file)) {
          if (spec.startsWith('.') || spec.startsWith('node:')) continue;
          const name = spec.startsWith('@')
            ? spec.split('/').slice(0, 2).join('/')
            : (spec.split('/')[0] as string);
          if (!declared.has(name)) missing.push(`${file} → ${name}`);
        }
      }
    }
    expect(missing).toEqual([]);
  });

  it('a rule that is broken is found (the check can fail)', () => {
    expect(leavesPackage('../../../lib/api/errors', 'packages/sdk/src/worker/retry.ts', 'packages/sdk')).toBe(
      true,
    );
    expect(frameworks.test('next/server')).toBe(true);
  });
});
