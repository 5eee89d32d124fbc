import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readEtcdHealth } from '@/lib/cluster/health';
import { startTestEtcd, type TestEtcd } from '../helpers/etcd';

describe('real etcd from the test helper', () => {
  let etcd: TestEtcd;
  beforeAll(async () => {
    etcd = await startTestEtcd();
  });
  afterAll(async () => {
    await etcd?.destroy();
  });

  it('answers status with a revision that rises after a put made with etcdctl', async () => {
    const before = await readEtcdHealth(etcd.client, etcd.endpoints);
    await etcd.etcdctl('put', '/demo/a', '1');
    const after = await readEtcdHealth(etcd.client, etcd.endpoints);
    expect(after.revision).toBe(before.revision + 1);
    expect(after.version).toMatch(/^3\./);
  });
});
