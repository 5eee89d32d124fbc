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
    await env.register('ttl-svc', 'alive', { ttl: 4 });
    // An instance on a lease nobody keeps alive, as if its process had hung.
    const lease = await env.etcd.client.leaseClient.leaseGrant({ TTL: 4 });
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

    const fresh = await list('?ttl=true');
    expect(fresh.ttlChecked).toBe(true);
    expect(expiringOf(fresh, 'ttl-svc')).toBe(0);

    // Under half of 4 s left (etcd reports 1 s or less): the hung one is expiring, the kept-alive one is not.
    await new Promise((resolve) => setTimeout(resolve, 2600));
    expect(expiringOf(await list('?ttl=1'), 'ttl-svc')).toBe(1);
  });

  it('rejects a malformed flag', async () => {
    const { status, body } = await call(listRoute.GET, '/api/v1/services?ttl=maybe', {});
    expect(status).toBe(400);
    expect(body.error.code).toBe('bad_request');
  });
});
