// GET /api/v1/services?ttl=true on a real etcd: kept-alive instances are fine, one whose lease runs down is expiring.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiEnv, call, type Handler, PREFIX, startApiEnv } from '../fixtures/registry-api-env';

let env: ApiEnv;
let listRoute: { GET: Handler };

beforeAll(async () => {
  env = await startApiEnv();
  listRoute = await import('@/app/api/v1/services/route');
});
afterAll(async () => {
  await env?.close();
});

const TTL = 10;

type Summary = { name: string; expiring?: number };
const list = async (query: string) => {
  const { status, body } = await call(listRoute.GET, `/api/v1/services${query}`, {});
  expect(status).toBe(200);
  return body as { services: Summary[]; ttlChecked?: boolean };
};
const expiringOf = (body: { services: Summary[] }, name: string) =>
  body.services.find((s) => s.name === name)?.expiring;

describe('GET /api/v1/services?ttl=true', () => {
  it('counts the instances whose lease is running out, and only when asked', async () => {
    await env.register('ttl-svc', 'alive', { ttl: TTL });
    // An instance on a lease nobody keeps alive, as if its process had hung.
    const lease = await env.etcd.client.leaseClient.leaseGrant({ TTL });
    const grantedAt = Date.now();
    await env.etcd.client.kv.put({
      key: Buffer.from(`${PREFIX}/services/ttl-svc/hung`),
      value: Buffer.from('10.0.0.9:8000'),
      lease: lease.ID,
    });
    // And one without a lease, which never expires.
    await env.etcd.etcdctl('put', `${PREFIX}/services/ttl-svc/static`, '10.0.0.10:8000');

    const plain = await list('');
    expect(plain.ttlChecked).toBeUndefined();
    expect(expiringOf(plain, 'ttl-svc')).toBeUndefined();

    // Expiring means under half of the TTL certainly left: from 5 s after the grant until the lease ends at 10 s.
    const fresh = await list('?ttl=true');
    expect(Date.now() - grantedAt).toBeLessThan((TTL / 2) * 1000);
    expect(fresh.ttlChecked).toBe(true);
    expect(expiringOf(fresh, 'ttl-svc')).toBe(0);

    // The hung one becomes expiring; the kept-alive one (refreshed every third of its TTL) never does.
    let expiring: number | undefined = 0;
    while (expiring === 0 && Date.now() - grantedAt < TTL * 1000) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      expiring = expiringOf(await list('?ttl=1'), 'ttl-svc');
    }
    expect(expiring).toBe(1);
  }, 20_000);

  it('rejects a malformed flag', async () => {
    const { status, body } = await call(listRoute.GET, '/api/v1/services?ttl=maybe', {});
    expect(status).toBe(400);
    expect(body.error.code).toBe('bad_request');
  });
});
