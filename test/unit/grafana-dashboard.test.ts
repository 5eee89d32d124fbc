// deploy/grafana/dashboard.json is a Grafana dashboard model whose every query parses as PromQL (promtool) and
// names only metrics the console exports.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { exportedMetricNames } from '../helpers/metric-names';

type Target = { expr?: string; refId?: string; datasource?: unknown };
type Panel = {
  id: number;
  type: string;
  title: string;
  gridPos: { h: number; w: number; x: number; y: number };
  datasource?: { type: string; uid: string };
  targets?: Target[];
};

const file = path.resolve(import.meta.dirname, '../../deploy/grafana/dashboard.json');
const dashboard = JSON.parse(fs.readFileSync(file, 'utf8'));
const panels: Panel[] = dashboard.panels;
const queries = panels.filter((p) => p.type !== 'row');
const exprs = queries.flatMap((p) => (p.targets ?? []).map((t) => ({ panel: p.title, expr: t.expr ?? '' })));

describe('deploy/grafana/dashboard.json', () => {
  it('is a dashboard model Grafana imports: uid, title, schema version, a Prometheus datasource variable', () => {
    expect(dashboard.uid).toMatch(/^[\w-]{1,40}$/);
    expect(dashboard.title).toBeTruthy();
    expect(dashboard.schemaVersion).toBeGreaterThanOrEqual(36);
    expect(dashboard.templating.list).toContainEqual(
      expect.objectContaining({ name: 'datasource', type: 'datasource', query: 'prometheus' }),
    );
  });

  it('lays out panels with unique ids inside the 24-column grid, each querying the chosen datasource', () => {
    expect(new Set(panels.map((p) => p.id)).size).toBe(panels.length);
    for (const p of panels) {
      expect(p.gridPos.x + p.gridPos.w, p.title).toBeLessThanOrEqual(24);
      expect(p.gridPos.h, p.title).toBeGreaterThan(0);
    }
    expect(queries.length).toBeGreaterThan(10);
    for (const p of queries) {
      // biome-ignore lint/suspicious/noTemplateCurlyInString: Grafana's own variable syntax
      expect(p.datasource, p.title).toEqual({ type: 'prometheus', uid: '${datasource}' });
      expect(p.targets?.length, p.title).toBeGreaterThan(0);
      const refIds = p.targets!.map((t) => t.refId);
      expect(new Set(refIds).size, p.title).toBe(refIds.length);
    }
  });

  it('names only metrics the console exports in every query', async () => {
    const exported = await exportedMetricNames();
    for (const { panel, expr } of exprs) {
      const names = expr.match(/\betcd_console_\w+/g) ?? [];
      expect(names.length, `${panel}: ${expr}`).toBeGreaterThan(0);
      for (const name of names) expect(exported.has(name), `${panel} reads ${name}`).toBe(true);
    }
  });

  it('has queries that parse as PromQL (promtool checks them as recording rules)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dashboard-'));
    try {
      const rules = exprs.map((e, i) => ({ record: `dashboard:query_${i}`, expr: e.expr }));
      fs.writeFileSync(path.join(dir, 'q.yml'), stringify({ groups: [{ name: 'dashboard', rules }] }));
      const r = spawnSync(process.env.PROMTOOL_PATH || 'promtool', ['check', 'rules', 'q.yml'], {
        cwd: dir,
        encoding: 'utf8',
      });
      if (r.error)
        throw new Error(`promtool is needed (${r.error.message}): see test/unit/prometheus-rules.test.ts`);
      expect(r.status, `${r.stdout}${r.stderr}`).toBe(0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
