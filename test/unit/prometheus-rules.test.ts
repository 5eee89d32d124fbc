// The alert rules that ship in deploy/prometheus: promtool accepts them and their unit tests pass (a firing and a
// silent case per rule), each runbook link names a section of docs/alerts.md, and each metric they read exists.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { THRESHOLDS, warningKind } from '@/lib/metrics/domain/warnings';
import { exportedMetricNames } from '../helpers/metric-names';

const dir = path.resolve(import.meta.dirname, '../../deploy/prometheus');
const docs = fs.readFileSync(path.resolve(import.meta.dirname, '../../docs/alerts.md'), 'utf8');

type Rule = { alert: string; expr: string; annotations: Record<string, string> };
type RuleTest = { alertname: string; exp_alerts: unknown[] };
const rules: Rule[] = parse(fs.readFileSync(path.join(dir, 'alerts.yml'), 'utf8')).groups.flatMap(
  (g: { rules: Rule[] }) => g.rules,
);
const ruleTests: RuleTest[] = parse(fs.readFileSync(path.join(dir, 'alerts.test.yml'), 'utf8')).tests.flatMap(
  (t: { alert_rule_test?: RuleTest[] }) => t.alert_rule_test ?? [],
);

/** promtool from scripts/lib/ensure.mjs (npm test sets PROMTOOL_PATH), else PATH; missing is a failure, not a skip. */
function promtool(...args: string[]): { status: number | null; output: string } {
  const bin = process.env.PROMTOOL_PATH || 'promtool';
  const r = spawnSync(bin, args, { cwd: dir, encoding: 'utf8' });
  if (r.error) {
    throw new Error(
      `promtool is needed to test deploy/prometheus (${r.error.message}): run npm test, which installs Debian's prometheus package, or install it yourself and set PROMTOOL_PATH`,
    );
  }
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

/** GitHub's anchor of a Markdown heading. */
const anchorOf = (heading: string) =>
  heading
    .toLowerCase()
    .replace(/[^\w\- ]/g, '')
    .replace(/ /g, '-');

describe('deploy/prometheus/alerts.yml', () => {
  it('passes promtool check rules', () => {
    const { status, output } = promtool('check', 'rules', 'alerts.yml');
    expect(status, output).toBe(0);
    expect(output).toContain(`SUCCESS: ${rules.length} rules found`);
  });

  it('passes promtool test rules', () => {
    const { status, output } = promtool('test', 'rules', 'alerts.test.yml');
    expect(status, output).toBe(0);
  });

  it('has a firing and a silent case for every rule', () => {
    for (const rule of rules) {
      const cases = ruleTests.filter((t) => t.alertname === rule.alert);
      expect(
        cases.some((t) => t.exp_alerts.length > 0),
        `${rule.alert} fires somewhere`,
      ).toBe(true);
      expect(
        cases.some((t) => t.exp_alerts.length === 0),
        `${rule.alert} is silent somewhere`,
      ).toBe(true);
    }
  });

  it('links every rule to its own section of docs/alerts.md', () => {
    const anchors = new Set([...docs.matchAll(/^#{2,3} (.+)$/gm)].map((m) => anchorOf(m[1]!)));
    for (const rule of rules) {
      expect(rule.annotations.runbook_url).toBe(`docs/alerts.md#${rule.alert.toLowerCase()}`);
      expect(anchors.has(rule.alert.toLowerCase()), `docs/alerts.md has "### ${rule.alert}"`).toBe(true);
      expect(rule.annotations.summary).toBeTruthy();
    }
  });

  it('reads only metrics the console exports', async () => {
    const exported = await exportedMetricNames();
    for (const rule of rules) {
      for (const name of rule.expr.match(/\betcd_console_\w+/g) ?? []) {
        expect(exported.has(name), `${rule.alert} reads ${name}`).toBe(true);
      }
    }
  });

  it('has a rule for every Overview warning, at the same threshold', () => {
    const expr = (alert: string) => rules.find((r) => r.alert === alert)?.expr ?? '';
    for (const kind of warningKind.options) expect(expr(kind), kind).not.toBe('');
    expect(expr('InstanceFlapping')).toContain(`>= ${THRESHOLDS.flaps15m}`);
    expect(expr('CommandQueueStuck')).toContain(`> ${THRESHOLDS.queuedSeconds}`);
    expect(expr('WorkReportStalled')).toContain(`> ${THRESHOLDS.progressSeconds}`);
    expect(expr('ConfigNotPropagated')).toContain(`> ${THRESHOLDS.lagSeconds}`);
    expect(expr('EtcdDbNearQuota')).toContain(`> ${THRESHOLDS.quotaRatio}`);
    expect(expr('EtcdLeaderChangesFrequent')).toContain(`>= ${THRESHOLDS.leaderChanges1h}`);
  });
});
