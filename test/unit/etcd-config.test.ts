import { describe, expect, it } from 'vitest';
import { ConfigError, readEtcdConfig } from '@/lib/etcd/config';

describe('readEtcdConfig', () => {
  it('defaults to a local etcd with no prefix', () => {
    const c = readEtcdConfig({});
    expect(c.endpoints).toEqual(['http://127.0.0.1:2379']);
    expect(c.prefix).toBe('');
    expect(c.callTimeoutMs).toBe(2000);
  });

  it('splits a comma list of endpoints into a cluster', () => {
    const c = readEtcdConfig({
      ETCD_ENDPOINTS: 'http://10.0.0.1:2379, https://etcd-2:2379,http://[::1]:2379',
    });
    expect(c.endpoints).toEqual(['http://10.0.0.1:2379', 'https://etcd-2:2379', 'http://[::1]:2379']);
  });

  it.each([
    [{ ETCD_ENDPOINTS: 'not a url' }, 'ETCD_ENDPOINTS'],
    [{ ETCD_ENDPOINTS: '' }, 'ETCD_ENDPOINTS'],
    [{ ETCD_ENDPOINTS: 'ftp://x:1' }, 'ETCD_ENDPOINTS'],
    [{ ETCD_CALL_TIMEOUT_MS: 'soon' }, 'ETCD_CALL_TIMEOUT_MS'],
    [{ ETCD_USERNAME: 'root' }, 'ETCD_USERNAME'],
    [{ ETCD_CERT_FILE: '/c.pem' }, 'ETCD_CERT_FILE'],
  ])('rejects %j with one line naming %s', (env, variable) => {
    let caught: unknown;
    try {
      readEtcdConfig(env);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    const message = (caught as Error).message;
    expect(message).toContain(variable);
    expect(message.split('\n')).toHaveLength(1);
  });
});
