// A declared layout: validated with zod, compiled into a descriptor that matches and decodes like a built-in.
import { describe, expect, it } from 'vitest';
import { compileDeclaredLayout, declaredLayoutSchema } from '@/lib/layouts/declared';

const base = {
  id: 'acme',
  title: 'Acme registry',
  root: '/acme/',
  pattern: '{service}/nodes/{id}',
  format: 'json',
  fields: { address: 'endpoint.host', port: 'endpoint.port', metadata: 'labels', version: 'v' },
};

describe('declared layouts', () => {
  it('matches segment by segment and maps the fields', () => {
    const layout = compileDeclaredLayout(declaredLayoutSchema.parse(base));
    expect(layout.match('/acme/billing/nodes/n1')).toEqual({ service: 'billing', id: 'n1' });
    expect(layout.match('/acme/billing/n1')).toBeNull();
    expect(layout.match('/acme/billing/nodes/n1/x')).toBeNull();
    expect(layout.match('/other/billing/nodes/n1')).toBeNull();
    expect(layout.serviceDir('billing')).toBe('/acme/billing/');
    const value = '{"endpoint":{"host":"10.0.0.9","port":7000},"labels":{"zone":"b"},"v":"2"}';
    expect(layout.decode('/acme/billing/nodes/n1', value, null)).toEqual({
      address: '10.0.0.9',
      port: 7000,
      metadata: { zone: 'b' },
      weight: 1,
      status: 'up',
      version: '2',
      format: 'json',
    });
    expect(layout.writes).toEqual({ drain: false, deregister: null });
  });

  it('reads text and query values', () => {
    const text = compileDeclaredLayout(
      declaredLayoutSchema.parse({ ...base, format: 'text', fields: {}, pattern: '{service}/{id}' }),
    );
    expect(text.decode('/acme/a/1', '10.0.0.1:81', null)).toMatchObject({ address: '10.0.0.1', port: 81 });
    const query = compileDeclaredLayout(
      declaredLayoutSchema.parse({ ...base, format: 'query', fields: { address: 'addr', metadata: '*' } }),
    );
    expect(query.decode('/acme/a/nodes/1', 'addr=10.0.0.2:82&zone=c', null)).toMatchObject({
      address: '10.0.0.2',
      port: 82,
      metadata: { addr: '10.0.0.2:82', zone: 'c' },
    });
    expect(query.decode('/acme/a/nodes/1', 'zone=c', null)).toEqual({ problem: 'no address' });
  });

  it.each([
    ['no {service}', { pattern: '{id}' }],
    ['two {id}', { pattern: '{service}/{id}/{id}' }],
    ['{id} before {service}', { pattern: '{id}/{service}' }],
    ['a root without a trailing slash', { root: '/acme' }],
    ['the console’s own keys', { root: '/_console/layouts/' }],
    ['json without an address field', { fields: {} }],
    ['an upper-case id', { id: 'Acme' }],
    ['a half-open brace', { pattern: '{service}/{id' }],
  ])('refuses %s', (_what, change) => {
    expect(declaredLayoutSchema.safeParse({ ...base, ...change }).success).toBe(false);
  });
});
