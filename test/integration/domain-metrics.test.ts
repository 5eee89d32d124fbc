// GET /api/v1/metrics on a real etcd: the domain series an alert rule reads follow what happens in etcd (a service
// losing every instance, a flap, a queued command, an alarm), and a scoped caller gets none of them.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type RegisteredInstance, registerInstance } from '@etcd-console/sdk/registry';
import { sendCommand } from '@etcd-console/sdk/worker';
import bcrypt from 'bcryptjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { resetConsoleClient, useConsoleEtcd } from '../helpers/console-env';
import { startTestEtcd, type TestEtcd } from '../helpers/etcd';

const NS = '/dm';
type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

let etcd: TestEtcd;
let GET: Handler;
let warningsGET: Handler;
let forget: () => void;
const who: Record<'ops' | 'scoped', string> = { ops: '', scoped: '' };
const instances: RegisteredInstance[] = [];

async function scrape(as: keyof typeof who, query = ''): Promise<{ status: number; text: string }> {
  forget(); // the 5 s collection cache would hide the change the test just made
  const res = await GET(
    new Request(`http://console.test/api/v1/metrics${query}`, {
      headers: { host: 'console.test', authorization: `Bearer ${who[as]}` },
    }),
    { params: Promise.resolve({}) },
  );
  return { status: res.status, text: await res.text() };
}

async function warnings(as: keyof typeof who) {
  forget();
  const res = await warningsGET(
    new Request('http://console.test/api/v1/overview/warnings', {
      headers: { host: 'console.test', authorization: `Bearer ${who[as]}` },
    }),
    { params: Promise.resolve({}) },
  );
  expect(res.status).toBe(200);
  return (await res.json()) as {
    keyspace: boolean;
    warnings: Array<{ kind: string; subject: string; href: string }>;
  };
}

/** The value of one sample whose labels include `labels`; undefined when there is none. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const have = Object.fromEntries(
      [...(m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((x) => [x[1], x[2]]),
    );
    if (Object.entries(labels).every(([k, v]) => have[k] === v)) return Number(m[3]);
  }
  return undefined;
}

/**
 * Evaluates the rule's expression with promtool over the scraped samples of `metric` (held for 5 minutes) and
 * returns what it yields, e.g. `{layout="console", service="pay-api"} 0E+00`.
 */
function evaluateRule(alert: string, scraped: string, metric: string): string {
  const rulesFile = path.resolve(import.meta.dirname, '../../deploy/prometheus/alerts.yml');
  const rules = parse(fs.readFileSync(rulesFile, 'utf8')).groups.flatMap(
    (g: { rules: unknown[] }) => g.rules,
  );
  const expr = (rules as Array<{ alert: string; expr: string }>).find((r) => r.alert === alert)!.expr;
  const series = scraped
    .split('\n')
    .filter((l) => l.startsWith(`${metric}{`))
    .map((l) => ({ series: l.slice(0, l.lastIndexOf(' ')), values: `${l.slice(l.lastIndexOf(' ') + 1)}x5` }));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'domain-metrics-'));
  try {
    const test = {
      tests: [
        {
          interval: '1m',
          input_series: series,
          promql_expr_test: [{ expr, eval_time: '5m', exp_samples: [] }],
        },
      ],
    };
    fs.writeFileSync(path.join(dir, 't.yml'), stringify(test));
    const r = spawnSync(process.env.PROMTOOL_PATH || 'promtool', ['test', 'rules', 't.yml'], {
      cwd: dir,
      encoding: 'utf8',
    });
    if (r.error) throw r.error;
    // Expecting nothing, promtool prints what the expression gave.
    return /got: (.*)/.exec(r.stdout + r.stderr)?.[1] ?? '';
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const register = async (service: string, id: string) => {
  const instance = await registerInstance({
    service,
    id,
    address: '10.0.0.1',
    port: 8000,
    ttl: 10,
    handleSignals: false,
    prefix: NS,
    etcd: { endpoints: etcd.endpoints },
  });
  instances.push(instance);
  return instance;
};

beforeAll(async () => {
  etcd = await startTestEtcd();
  useConsoleEtcd(etcd.endpoints, {
    ETCD_PREFIX: NS,
    CONSOLE_SESSION_SECRET: 'domain-metrics-test-session-secret-0123456789',
    CONSOLE_USERS: JSON.stringify([{ name: 'ada', passwordHash: bcrypt.hashSync('pw', 4), role: 'admin' }]),
  });
  (await import('@/lib/auth/auth-config')).resetAuthConfig();
  ({ GET } = await import('@/app/api/v1/metrics/route'));
  warningsGET = (await import('@/app/api/v1/overview/warnings/route')).GET;
  forget = (await import('@/lib/metrics/domain/collect')).forgetDomainSnapshots;
  const { createToken } = await import('@/lib/auth/tokens');
  const token = async (name: string, prefixes: string[]) =>
    (await createToken({ name, role: 'viewer', prefixes, expiresInDays: 1 }, 'test')).token;
  who.ops = await token('prometheus', []);
  who.scoped = await token('pat', ['/services/pay-api/']);
});
afterAll(async () => {
  await Promise.all(instances.splice(0).map((i) => i.close()));
  resetConsoleClient();
  await etcd?.destroy();
});

describe('domain metrics', () => {
  it('reads 0 healthy instances once every instance of a service has lost its lease', async () => {
    const a = await register('pay-api', 'a');
    const b = await register('pay-api', 'b');
    const up = { service: 'pay-api', layout: 'console', status: 'up' };
    const before = await scrape('ops');
    expect(before.status).toBe(200);
    expect(sample(before.text, 'etcd_console_service_instances', up)).toBe(2);
    expect(sample(before.text, 'etcd_console_service_instances_expiring', { service: 'pay-api' })).toBe(0);

    // close() revokes the lease: the keys go with it, as when a process dies and its TTL runs out.
    await Promise.all([a.close(), b.close()]);
    const after = await scrape('ops');
    // The service is remembered, so the series reads 0 (what ServiceNoHealthyInstance fires on), not nothing.
    expect(sample(after.text, 'etcd_console_service_instances', up)).toBe(0);
    // The shipped rule's expression, evaluated by promtool over these very samples, names pay-api alone.
    expect(evaluateRule('ServiceNoHealthyInstance', after.text, 'etcd_console_service_instances')).toBe(
      '{layout="console", service="pay-api"} 0E+00',
    );
    // The Overview shows the same condition, linking to the service.
    expect((await warnings('ops')).warnings).toContainEqual({
      kind: 'ServiceNoHealthyInstance',
      subject: 'pay-api',
      value: 0,
      href: '/services/pay-api',
    });
  });

  it('counts a flap when an instance comes back on a new lease', async () => {
    const flappy = await register('flappy', 'f1');
    await scrape('ops'); // the collection it is compared with
    const first = flappy.lease()!;
    await etcd.client.leaseClient.leaseRevoke({ ID: first });
    // The SDK notices the lost lease and registers again on a new one.
    for (let i = 0; i < 100 && (flappy.lease() === first || !flappy.lease()); i++) {
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(flappy.lease()).not.toBe(first);
    const { text } = await scrape('ops');
    expect(sample(text, 'etcd_console_service_instance_flaps_total', { service: 'flappy' })).toBe(1);
    expect(sample(text, 'etcd_console_service_instances', { service: 'flappy', status: 'up' })).toBe(1);
  });

  it('reports the age of the oldest queued command of a group without workers', async () => {
    await sendCommand({ group: 'billing', type: 'rebuild', prefix: NS, client: etcd.client });
    await new Promise((r) => setTimeout(r, 1100));
    const { text } = await scrape('ops');
    expect(sample(text, 'etcd_console_commands', { group: 'billing', state: 'queued' })).toBe(1);
    expect(sample(text, 'etcd_console_command_oldest_queued_seconds', { group: 'billing' })).toBeGreaterThan(
      1,
    );
    expect(sample(text, 'etcd_console_command_group_live_workers', { group: 'billing' })).toBe(0);
  });

  it('shows an active alarm by member, and the members reachable with their quota', async () => {
    const status = await etcd.client.maintenance.status();
    const memberID = status.header.member_id;
    await etcd.client.maintenance.alarm({ action: 'Activate', memberID, alarm: 'Nospace' });
    try {
      const { text } = await scrape('ops');
      expect(sample(text, 'etcd_console_etcd_alarm', { member_id: memberID, alarm: 'NOSPACE' })).toBe(1);
      expect(sample(text, 'etcd_console_member_up', { member_id: memberID })).toBe(1);
      expect(sample(text, 'etcd_console_member_db_size_bytes', { member_id: memberID })).toBeGreaterThan(0);
      expect(sample(text, 'etcd_console_member_db_quota_bytes', { member_id: memberID })).toBeGreaterThan(0);
      expect(sample(text, 'etcd_console_etcd_up')).toBe(1);
    } finally {
      await etcd.client.maintenance.alarm({ action: 'Deactivate', memberID, alarm: 'Nospace' });
    }
    const { text } = await scrape('ops');
    expect(sample(text, 'etcd_console_etcd_alarm', { member_id: memberID })).toBeUndefined();
  });

  it('gives a scoped caller the process series only, naming no service, group or member', async () => {
    const { status, text } = await scrape('scoped');
    expect(status).toBe(200);
    expect(text).toContain('etcd_console_http_requests_total');
    for (const word of ['etcd_console_service_instances', 'pay-api', 'flappy', 'billing', 'member_id']) {
      expect(text).not.toContain(word);
    }
  });

  it('gives a scoped caller no keyspace warning on the Overview', async () => {
    const answer = await warnings('scoped');
    expect(answer.keyspace).toBe(false);
    expect(JSON.stringify(answer)).not.toMatch(/pay-api|flappy|billing/);
  });

  it('rejects an unknown cluster profile', async () => {
    expect((await scrape('ops', '?cluster=nope')).status).toBe(400);
  });
});
