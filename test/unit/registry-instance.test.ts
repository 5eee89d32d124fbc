import { encodeInstanceValue, parseInstanceValue, splitInstanceKey } from '@etcd-console/core/registry';
import { describe, expect, it } from 'vitest';

describe('instance values', () => {
  it.each([
    { value: '10.0.0.1:8080', address: '10.0.0.1', port: 8080 },
    { value: 'api.internal:443\n', address: 'api.internal', port: 443 },
    { value: '[::1]:9000', address: '[::1]', port: 9000 },
  ])('reads the host:port $value', ({ value, address, port }) => {
    expect(parseInstanceValue(value)).toEqual({
      value: { address, port, metadata: {}, weight: 1, status: 'up' },
      format: 'host-port',
    });
  });

  it('reads a JSON document with defaults and stringified metadata', () => {
    const parsed = parseInstanceValue('{"address":"h","metadata":{"n":1,"ok":true}}');
    expect(parsed).toEqual({
      value: { address: 'h', metadata: { n: '1', ok: 'true' }, weight: 1, status: 'up' },
      format: 'json',
    });
  });

  it.each([
    ['plain words', 'not an address'],
    ['port out of range', 'h:70000'],
    ['no address', '{"port":1}'],
    ['unknown status', '{"address":"h","status":"down"}'],
    ['negative weight', '{"address":"h","weight":-1}'],
  ])('refuses %s', (_case, value) => {
    expect(parseInstanceValue(value)).toHaveProperty('problem');
  });

  it('round-trips what it writes', () => {
    const text = encodeInstanceValue({
      id: 'a',
      service: 's',
      address: 'h',
      port: 1,
      metadata: { k: 'v' },
      weight: 2,
      status: 'draining',
      registeredAt: '2026-01-01T00:00:00.000Z',
    });
    expect(parseInstanceValue(text)).toMatchObject({
      format: 'json',
      value: { status: 'draining', weight: 2 },
    });
  });
});

describe('instance keys', () => {
  it.each([
    ['/services/api/a1', { service: 'api', id: 'a1' }],
    ['/services/api/a1/extra', null],
    ['/services/api/', null],
    ['/services/-bad/a1', null],
    ['/workers/api/a1', null],
  ])('%s', (key, expected) => {
    expect(splitInstanceKey(key)).toEqual(expected);
  });
});
