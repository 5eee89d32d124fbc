// Layout settings on a real etcd: declare a layout, preview it over the real keys, turn a built-in off; audited,
// compare-and-swapped, and refused to scoped callers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeForeignInstance } from '@/scripts/demo/foreign-layouts.mjs';
import { type ApiEnv, call, type Handler, PREFIX, startApiEnv } from '../fixtures/registry-api-env';

let env: ApiEnv;
let layoutsRoute: { GET: Handler; PUT: Handler };
let previewRoute: { POST: Handler };
let listRoute: { GET: Handler };

const declared = {
  id: 'acme',
  title: 'Acme',
  root: '/acme/',
  pattern: '{service}/nodes/{id}',
  format: 'json',
  fields: { address: 'addr' },
  deregister: 'key',
};

beforeAll(async () => {
  env = await startApiEnv();
  layoutsRoute = await import('@/app/api/v1/layouts/route');
  previewRoute = await import('@/app/api/v1/layouts/preview/route');
  listRoute = await import('@/app/api/v1/services/route');
  await env.etcd.client.put(`${PREFIX}/acme/billing/nodes/n1`).value('{"addr":"10.4.0.1:7000"}');
  await env.etcd.client.put(`${PREFIX}/acme/billing/nodes/n2`).value('not json');
  await env.etcd.client.put(`${PREFIX}/acme/billing/other`).value('{"addr":"x"}');
  await writeForeignInstance(env.etcd.client.namespace(PREFIX), 'kratos', {
    service: 'hello',
    id: 'k1',
    host: '10.4.0.2',
    port: 9000,
    ttl: 60,
  });
});
afterAll(async () => {
  await env?.close();
});

const get = () => call(layoutsRoute.GET, '/api/v1/layouts?detect=true', {});
const put = (body: unknown) => call(layoutsRoute.PUT, '/api/v1/layouts', {}, { method: 'PUT', body });
const services = async () =>
  (await call(listRoute.GET, '/api/v1/services', {})).body.services as Array<{
    name: string;
    layout: string;
  }>;

describe('layout settings', () => {
  it('lists the eight built-ins, on, with what detection found', async () => {
    const res = await get();
    expect(res.status).toBe(200);
    expect(res.body.modRevision).toBe(0);
    expect(res.body.layouts.map((l: { id: string }) => l.id)).toHaveLength(8);
    expect(res.body.layouts.find((l: { id: string }) => l.id === 'kratos')).toMatchObject({
      enabled: true,
      detected: { roots: ['/microservices/'] },
    });
  });

  it('previews a draft over the real keys, saying why a value is not an instance', async () => {
    const res = await call(
      previewRoute.POST,
      '/api/v1/layouts/preview',
      {},
      { method: 'POST', body: declared },
    );
    expect(res.status).toBe(200);
    expect(res.body.services).toEqual(['billing']);
    expect(res.body.items).toEqual([
      {
        key: '/acme/billing/nodes/n1',
        service: 'billing',
        id: 'n1',
        address: '10.4.0.1',
        port: 7000,
        status: 'up',
      },
      expect.objectContaining({ id: 'n2', status: 'invalid', problem: 'not a json value' }),
    ]);
    const bad = await call(
      previewRoute.POST,
      '/api/v1/layouts/preview',
      {},
      {
        method: 'POST',
        body: { ...declared, pattern: '{id}' },
      },
    );
    expect(bad.status).toBe(400);
  });

  it('saves a declared layout and a built-in turned off; the services follow; a stale save is 409', async () => {
    const saved = await put({
      settings: { disabled: ['kratos'], declared: [declared] },
      expectedModRevision: 0,
    });
    expect(saved.status).toBe(200);
    expect(saved.body.modRevision).toBeGreaterThan(0);
    const list = await services();
    expect(list).toContainEqual(expect.objectContaining({ name: 'billing', layout: 'acme' }));
    expect(list.some((s) => s.layout === 'kratos')).toBe(false);
    const stale = await put({ settings: { disabled: [], declared: [] }, expectedModRevision: 0 });
    expect(stale.status).toBe(409);
    const audit = await env.etcd.client.getAll().prefix(`${PREFIX}/_console/audit/`).strings();
    expect(Object.values(audit).some((v) => v.includes('"layouts.put"'))).toBe(true);
  });

  it.each([
    ['a declared id that is a built-in', { disabled: [], declared: [{ ...declared, id: 'kratos' }] }],
    ['two declared layouts with one id', { disabled: [], declared: [declared, declared] }],
  ])('refuses %s', async (_what, settings) => {
    expect((await put({ settings, expectedModRevision: 1 })).status).toBe(400);
  });
});
