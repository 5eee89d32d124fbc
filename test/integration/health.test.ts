import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as health } from '@/app/api/v1/health/route';
import { GET as overview } from '@/app/api/v1/overview/route';
import { resetConsoleClient, routeContext, useConsoleEtcd } from '../helpers/console-env';
import { startTestEtcd, type TestEtcd } from '../helpers/etcd';

async function status(): Promise<number> {
  return (await health(new Request('http://console/api/v1/health'), routeContext())).status;
}

async function waitForStatus(expected: number, withinMs: number): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < withinMs) {
    if ((await status()) === expected) return Date.now() - started;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`health did not become ${expected} within ${withinMs} ms`);
}

describe('GET /api/v1/health against a real etcd that goes down and comes back', () => {
  let etcd: TestEtcd;
  beforeAll(async () => {
    etcd = await startTestEtcd();
    useConsoleEtcd(etcd.endpoints);
  });
  afterAll(async () => {
    resetConsoleClient();
    await etcd?.destroy();
  });

  it('is 200 with version, leader and revision while etcd runs', async () => {
    const res = await health(new Request('http://console/api/v1/health'), routeContext());
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.status).toBe('ok');
    expect(body.etcd.version).toMatch(/^3\./);
    expect(body.etcd.leader).toMatch(/^\d+$/);
    expect(body.etcd.revision).toBeGreaterThan(0);
    expect(body.etcd.endpoints).toEqual(etcd.endpoints);
  });

  it('turns 503 with a clear reason within 2 s of etcd stopping, and 200 within 2 s of its return', async () => {
    const member = etcd.members[0]!;
    await member.stop('SIGKILL');
    await waitForStatus(503, 2000);
    const res = await health(new Request('http://console/api/v1/health'), routeContext());
    const body = await res.json();
    expect(body.error.code).toBe('etcd_unavailable');
    expect(body.error.message).toContain(etcd.endpoints[0]);

    // Other routes answer 503 too, never a 500.
    const ov = await overview(new Request('http://console/api/v1/overview'), routeContext());
    expect(ov.status).toBe(503);

    await member.start();
    await waitForStatus(200, 2000);
  });
});
