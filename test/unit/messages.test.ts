import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../../messages');

function flatten(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) return [prefix];
  return Object.entries(value).flatMap(([k, v]) => flatten(v, prefix ? `${prefix}.${k}` : k));
}

describe('message catalogs', () => {
  const areas = fs.readdirSync(path.join(root, 'en')).filter((f) => f.endsWith('.json'));

  it.each(areas)('%s has the same keys in English and Chinese', (file) => {
    const en = JSON.parse(fs.readFileSync(path.join(root, 'en', file), 'utf8'));
    const zh = JSON.parse(fs.readFileSync(path.join(root, 'zh', file), 'utf8'));
    expect(flatten(zh).sort()).toEqual(flatten(en).sort());
  });

  it('no two areas define the same top-level namespace', () => {
    const owners = new Map<string, string>();
    for (const file of areas) {
      for (const ns of Object.keys(JSON.parse(fs.readFileSync(path.join(root, 'en', file), 'utf8')))) {
        expect(owners.get(ns), `${ns} in ${file} and ${owners.get(ns)}`).toBeUndefined();
        owners.set(ns, file);
      }
    }
  });
});
