import { describe, expect, it } from 'vitest';
import { readClusterProfiles } from '@/lib/etcd/profiles';

describe('cluster profiles', () => {
  it('is one "default" profile from ETCD_* when CONSOLE_CLUSTERS is unset', () => {
    const [only, ...rest] = readClusterProfiles({
      ETCD_ENDPOINTS: 'http://10.0.0.1:2379',
      ETCD_PREFIX: '/app',
    });
    expect(rest).toEqual([]);
    expect(only).toMatchObject({ name: 'default', endpoints: ['http://10.0.0.1:2379'], prefix: '/app' });
  });

  it('reads several profiles, each validated like ETCD_*, with passwords by reference', () => {
    const profiles = readClusterProfiles({
      CONSOLE_CLUSTERS: JSON.stringify([
        {
          name: 'prod',
          label: 'Production',
          endpoints: ['https://p1:2379', 'https://p2:2379'],
          username: 'console',
          passwordEnv: 'PROD_ETCD_PASSWORD',
        },
        { name: 'dev', endpoints: ['http://127.0.0.1:2379'], prefix: '/dev' },
      ]),
      PROD_ETCD_PASSWORD: 'pw',
    });
    expect(profiles.map((p) => [p.name, p.label, p.endpoints.length, p.password ?? null])).toEqual([
      ['prod', 'Production', 2, 'pw'],
      ['dev', 'dev', 1, null],
    ]);
  });

  it.each([
    [{ CONSOLE_CLUSTERS: '{' }, 'CONSOLE_CLUSTERS'],
    [
      { CONSOLE_CLUSTERS: JSON.stringify([{ name: 'Prod!', endpoints: ['http://a:1'] }]) },
      'CONSOLE_CLUSTERS',
    ],
    [{ CONSOLE_CLUSTERS: JSON.stringify([{ name: 'a', endpoints: ['not a url'] }]) }, 'ETCD_ENDPOINTS'],
    [
      {
        CONSOLE_CLUSTERS: JSON.stringify([
          { name: 'a', endpoints: ['http://a:1'] },
          { name: 'a', endpoints: ['http://b:1'] },
        ]),
      },
      'duplicate',
    ],
    [
      {
        CONSOLE_CLUSTERS: JSON.stringify([
          { name: 'a', endpoints: ['http://a:1'], username: 'u', passwordEnv: 'NOPE_PW' },
        ]),
      },
      'NOPE_PW',
    ],
  ])('rejects %j naming %s', (env, text) => {
    expect(() => readClusterProfiles(env)).toThrow(text);
  });
});
