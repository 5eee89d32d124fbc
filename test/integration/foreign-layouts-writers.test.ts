// The foreign-framework writers on a real etcd: every key, every value byte and every lease as the cited source
// writes them (scripts/demo/foreign-layouts.mjs names the repo, file and commit above each writer). The expected
// bytes below are written out by hand from that source, not computed, so a drift in the writer fails here.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  type ForeignInstance,
  foreignRecords,
  LAYOUT_IDS,
  type LayoutId,
  readBackExpectation,
  writeForeignInstance,
} from '@/scripts/demo/foreign-layouts.mjs';
import { goJson, goQueryEscape, goValuesEncode } from '@/scripts/demo/go-encoding.mjs';
import { startTestEtcd, type TestEtcd } from '../helpers/etcd';

let etcd: TestEtcd;
beforeAll(async () => {
  etcd = await startTestEtcd();
});
afterAll(async () => {
  await etcd?.destroy();
});
beforeEach(async () => {
  await etcd.client.delete().all();
});

type Stored = { value: string; lease: string };
/** Every key in etcd with its raw value and lease id ('0' for none). */
async function keyspace(): Promise<Map<string, Stored>> {
  const res = await etcd.client.kv.range({ key: Buffer.from([0]), range_end: Buffer.from([0]) });
  return new Map(
    res.kvs.map((kv) => [kv.key.toString(), { value: kv.value.toString(), lease: String(kv.lease) }]),
  );
}
async function grantedTtl(leaseId: string): Promise<number> {
  const res = await etcd.client.leaseClient.leaseTimeToLive({ ID: leaseId, keys: false });
  return Number(res.grantedTTL);
}

/** Writes, then checks the whole keyspace is exactly `expected` and that the lease has the TTL. */
async function expectWritten(
  layout: LayoutId,
  opts: ForeignInstance,
  expected: (leaseId: string) => Array<[key: string, value: string, onLease: boolean]>,
  ttl: number | null,
) {
  const { lease, keys } = await writeForeignInstance(etcd.client, layout, opts);
  try {
    const leaseId = lease ? await lease.grant() : '0';
    const want = expected(leaseId);
    expect(keys).toEqual(want.map(([key]) => key));
    const stored = await keyspace();
    expect([...stored.keys()].sort()).toEqual(want.map(([key]) => key).sort());
    for (const [key, value, onLease] of want) {
      expect(stored.get(key)?.value, key).toBe(value);
      expect(stored.get(key)?.lease, `lease of ${key}`).toBe(onLease ? leaseId : '0');
    }
    if (ttl === null) expect(lease).toBeNull();
    else expect(await grantedTtl(leaseId)).toBe(ttl);
    return leaseId;
  } finally {
    await lease?.revoke();
  }
}

describe('foreign layout writers, byte for byte', () => {
  it('gRPC naming: <target>/<addr>, {"Op":0,"Addr":…,"Metadata":…} on a lease', async () => {
    await expectWritten(
      'grpc-naming',
      { service: 'demo/greeter', host: '10.0.0.5', port: 50051, metadata: { zone: 'eu-1', b: 'x<y' } },
      () => [
        [
          'demo/greeter/10.0.0.5:50051',
          '{"Op":0,"Addr":"10.0.0.5:50051","Metadata":{"b":"x\\u003cy","zone":"eu-1"}}',
          true,
        ],
      ],
      60,
    );
    await expectWritten(
      'grpc-naming',
      { service: 'demo/greeter', host: '10.0.0.5', port: 50052, ttl: 7 },
      () => [['demo/greeter/10.0.0.5:50052', '{"Op":0,"Addr":"10.0.0.5:50052","Metadata":null}', true]],
      7,
    );
  });

  it('go-zero: <key>/<lease id in decimal> = ip:port, lease TTL 10', async () => {
    const leaseId = await expectWritten(
      'go-zero',
      { service: 'user.rpc', host: '10.0.0.6', port: 8080 },
      (id) => [[`user.rpc/${id}`, '10.0.0.6:8080', true]],
      10,
    );
    expect(leaseId).toMatch(/^[1-9]\d*$/);
  });

  it('Kratos: /microservices/<name>/<id>, ServiceInstance JSON, lease TTL 15', async () => {
    await expectWritten(
      'kratos',
      {
        service: 'helloworld',
        id: 'host-1',
        host: '10.0.0.7',
        port: 9000,
        version: 'v1.0.0',
        metadata: { region: 'eu' },
      },
      () => [
        [
          '/microservices/helloworld/host-1',
          '{"id":"host-1","name":"helloworld","version":"v1.0.0","metadata":{"region":"eu"},"endpoints":["grpc://10.0.0.7:9000"]}',
          true,
        ],
      ],
      15,
    );
  });

  it('go-micro: /micro/registry/<service>/<service>-<id>, the whole service JSON, lease TTL 90', async () => {
    await expectWritten(
      'go-micro',
      { service: 'greeter', id: '7d3c', host: '10.0.0.8', port: 4000 },
      () => [
        [
          '/micro/registry/greeter/greeter-7d3c',
          '{"name":"greeter","version":"latest","metadata":null,"endpoints":[],"nodes":[{"id":"greeter-7d3c","address":"10.0.0.8:4000","metadata":{"broker":"http","protocol":"mucp","registry":"etcd","server":"mucp","transport":"http"}}]}',
          true,
        ],
      ],
      90,
    );
  });

  it('rpcx: base path, service path and tcp@ip:port with a sorted query string, all on one 30 s lease', async () => {
    await expectWritten(
      'rpcx',
      { service: 'Arith', host: '10.0.0.9', port: 8972, metadata: { weight: '10', group: 'a b' } },
      () => [
        ['/rpcx_test', 'rpcx_path', true],
        ['/rpcx_test/Arith', 'Arith', true],
        ['/rpcx_test/Arith/tcp@10.0.0.9:8972', 'group=a+b&weight=10', true],
      ],
      30,
    );
  });

  it('Dubbo-go: persistent path keys and a query-escaped dubbo:// provider key on a 30 s lease', async () => {
    const providers = '/dubbo/org.apache.dubbo.sample.UserProvider/providers';
    const url =
      'dubbo%3A%2F%2F10.0.0.10%3A20000%2Forg.apache.dubbo.sample.UserProvider%3Fanyhost%3Dtrue' +
      '%26application%3Ddubbo-go-demo%26cluster%3Dfailover%26export%3Dtrue' +
      '%26interface%3Dorg.apache.dubbo.sample.UserProvider%26loadbalance%3Drandom%26methods%3DGetUser%2CSayHello' +
      '%26name%3Ddubbo-go-demo%26pid%3D4242%26registry.role%3D3%26release%3Ddubbo-golang-3.3.2' +
      '%26side%3Dprovider%26timestamp%3D1700000000';
    await expectWritten(
      'dubbo',
      {
        service: 'org.apache.dubbo.sample.UserProvider',
        host: '10.0.0.10',
        port: 20000,
        // An empty parameter is dropped, as providerRegistry deletes it.
        metadata: { pid: '4242', timestamp: '1700000000', methods: 'GetUser,SayHello', owner: '' },
      },
      () => [
        ['/dubbo', '', false],
        ['/dubbo/org.apache.dubbo.sample.UserProvider', '', false],
        [providers, '', false],
        [`${providers}/${url}`, '', true],
      ],
      30,
    );
  });

  it('CoreDNS: reversed domain under /skydns, omitempty JSON; a plain put, or on a lease when given a ttl', async () => {
    const opts = { service: 'users', id: 'x1', host: '10.0.0.11', port: 8080 };
    const value = '{"host":"10.0.0.11","port":8080,"priority":10,"weight":100,"ttl":60}';
    await expectWritten('coredns', opts, () => [['/skydns/local/skydns/users/x1', value, false]], null);
    await etcd.client.delete().all();
    await expectWritten(
      'coredns',
      { ...opts, ttl: 20, metadata: { priority: '0', weight: '5' } },
      () => [['/skydns/local/skydns/users/x1', '{"host":"10.0.0.11","port":8080,"weight":5,"ttl":60}', true]],
      20,
    );
  });

  it('a revoked lease takes the instance away, and the expectation names the service as its framework does', async () => {
    for (const layout of LAYOUT_IDS) {
      const opts = { service: 'svc', id: 'i1', host: '10.1.0.1', port: 7000, ttl: 30 };
      const { lease, keys } = await writeForeignInstance(etcd.client, layout, opts);
      await lease?.revoke();
      const left = await keyspace();
      // What was on the lease is gone; only keys written without one (Dubbo's directory keys) stay.
      const onLease = foreignRecords(layout, opts).map((r) => r.onLease);
      expect(
        keys.filter((k, i) => left.has(k) === onLease[i]),
        layout,
      ).toEqual([]);
      await etcd.client.delete().all();
      const expectation = readBackExpectation(layout, opts);
      expect(expectation).toEqual({
        service: layout === 'coredns' ? 'svc.skydns.local' : 'svc',
        address: '10.1.0.1',
        port: 7000,
      });
    }
  });
});

describe('Go encoders', () => {
  it('match encoding/json and net/url', () => {
    expect(
      goJson({
        b: 1,
        a: new Map([
          ['z', '&'],
          ['a', '\u2028>'],
        ]),
      }),
    ).toBe('{"b":1,"a":{"a":"\\u2028\\u003e","z":"\\u0026"}}');
    expect(goQueryEscape("a b!*'()~-_.é/")).toBe('a+b%21%2A%27%28%29~-_.%C3%A9%2F');
    expect(
      goValuesEncode([
        ['b', '2'],
        ['a', 'x&y'],
        ['b', '1'],
      ]),
    ).toBe('a=x%26y&b=2&b=1');
  });
});
