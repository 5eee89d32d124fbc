// Each built-in layout on the exact keys and values its framework writes (the file each follows is cited).
import { describe, expect, it } from 'vitest';
import { BUILT_IN_IDS, BUILT_IN_LAYOUTS, builtInLayout } from '@/lib/layouts/builtin';
import { isProblem } from '@/lib/layouts/types';

type Fixture = {
  layout: string;
  /** Where the bytes come from. */
  source: string;
  key: string;
  value: string;
  lease: string | null;
  service: string;
  id: string;
  address: string;
  port?: number;
  extra?: Record<string, unknown>;
};

const dubboUrl =
  'dubbo://10.0.0.5:20880/org.apache.dubbo.demo.DemoService?anyhost=true&application=demo-provider&interface=org.apache.dubbo.demo.DemoService&methods=sayHello,sayHelloAsync&side=provider&version=1.0.0&weight=50';

const fixtures: Fixture[] = [
  {
    layout: 'console',
    source: 'lib/sdk/registry/register-instance.ts',
    key: '/services/orders/o1',
    value:
      '{"id":"o1","service":"orders","address":"10.0.0.1","port":8000,"metadata":{},"weight":1,"status":"up"}',
    lease: '7',
    service: 'orders',
    id: 'o1',
    address: '10.0.0.1',
    port: 8000,
  },
  {
    layout: 'console',
    source: 'etcdctl put /services/shell/sh1 10.1.2.3:9000',
    key: '/services/shell/sh1',
    value: '10.1.2.3:9000',
    lease: null,
    service: 'shell',
    id: 'sh1',
    address: '10.1.2.3',
    port: 9000,
  },
  {
    // etcd client/v3/naming/endpoints/endpoints_impl.go: json.Marshal(internal.Update{Op, Addr, Metadata}).
    layout: 'grpc-naming',
    source: 'etcd-io/etcd client/v3/naming/endpoints/endpoints_impl.go',
    key: 'foo/bar/my-service/10.0.0.5:50051',
    value: '{"Op":0,"Addr":"10.0.0.5:50051","Metadata":null}',
    lease: '7587869582458398990',
    service: 'foo/bar/my-service',
    id: '10.0.0.5:50051',
    address: '10.0.0.5',
    port: 50051,
  },
  {
    layout: 'grpc-naming',
    source: 'older writers omit Op',
    key: 'greeter/10.0.0.6:50051',
    value: '{"Addr":"10.0.0.6:50051","Metadata":{"zone":"a"}}',
    lease: null,
    service: 'greeter',
    id: '10.0.0.6:50051',
    address: '10.0.0.6',
    port: 50051,
    extra: { metadata: { zone: 'a' } },
  },
  {
    // zeromicro/go-zero core/discov/publisher.go: makeEtcdKey(key, int64(lease)) = "<key>/<lease>", value listenOn.
    layout: 'go-zero',
    source: 'zeromicro/go-zero core/discov/publisher.go',
    key: 'user.rpc/7587869582458398990',
    value: '10.0.0.5:8080',
    lease: '7587869582458398990',
    service: 'user.rpc',
    id: '7587869582458398990',
    address: '10.0.0.5',
    port: 8080,
  },
  {
    // go-kratos/kratos contrib/registry/etcd/registry.go: "%s/%s/%s" namespace, name, id; json.Marshal(ServiceInstance).
    layout: 'kratos',
    source: 'go-kratos/kratos contrib/registry/etcd/registry.go',
    key: '/microservices/helloworld/7f3e1c2a-0b6d-11ef-9a3b-0242ac120002',
    value:
      '{"id":"7f3e1c2a-0b6d-11ef-9a3b-0242ac120002","name":"helloworld","version":"v1.2.0","metadata":{"region":"eu"},"endpoints":["grpc://10.0.0.5:9000?isSecure=false","http://10.0.0.5:8000?isSecure=false"]}',
    lease: '12',
    service: 'helloworld',
    id: '7f3e1c2a-0b6d-11ef-9a3b-0242ac120002',
    address: '10.0.0.5',
    port: 9000,
    extra: { version: 'v1.2.0' },
  },
  {
    // go-micro/plugins v4/registry/etcd/etcd.go: nodePath(prefix, service, node id), encode(&registry.Service{…}).
    layout: 'go-micro',
    source: 'go-micro/plugins v4/registry/etcd/etcd.go',
    key: '/micro/registry/greeter/greeter-5c7f6b0e',
    value:
      '{"name":"greeter","version":"latest","metadata":null,"endpoints":[],"nodes":[{"id":"greeter-5c7f6b0e","address":"10.0.0.5:40123","metadata":{"protocol":"mucp","registry":"etcd"}}]}',
    lease: '13',
    service: 'greeter',
    id: 'greeter-5c7f6b0e',
    address: '10.0.0.5',
    port: 40123,
    extra: { version: 'latest', metadata: { protocol: 'mucp', registry: 'etcd' } },
  },
  {
    // rpcxio/rpcx-etcd serverplugin/etcdv3.go: "%s/%s/%s" BasePath, name, ServiceAddress; value the metadata.
    layout: 'rpcx',
    source: 'rpcxio/rpcx-etcd serverplugin/etcdv3.go',
    key: '/rpcx_test/Arith/tcp@10.0.0.5:8972',
    value: 'group=blue&tps=100',
    lease: '14',
    service: '/rpcx_test/Arith',
    id: 'tcp@10.0.0.5:8972',
    address: '10.0.0.5',
    port: 8972,
    extra: { status: 'up', metadata: { network: 'tcp', group: 'blue', tps: '100' } },
  },
  {
    // apache/dubbo-go registry/etcdv3/registry.go: /dubbo/<interface>/providers/<url.QueryEscape(url)>.
    layout: 'dubbo',
    source: 'apache/dubbo-go registry/etcdv3/registry.go',
    key: `/dubbo/org.apache.dubbo.demo.DemoService/providers/${encodeURIComponent(dubboUrl)}`,
    value: '',
    lease: '15',
    service: 'org.apache.dubbo.demo.DemoService',
    id: encodeURIComponent(dubboUrl),
    address: '10.0.0.5',
    port: 20880,
    extra: { weight: 50, version: '1.0.0' },
  },
  {
    // coredns/coredns plugin/etcd/msg/service.go: json tags host, port, priority, weight, ttl; path msg.Path.
    layout: 'coredns',
    source: 'coredns/coredns plugin/etcd/msg/service.go',
    key: '/skydns/local/skydns/x1',
    value: '{"host":"10.0.0.5","port":8080,"priority":10,"weight":20,"ttl":60}',
    lease: null,
    service: 'skydns.local',
    id: 'x1',
    address: '10.0.0.5',
    port: 8080,
    extra: { weight: 20, metadata: { priority: '10', ttl: '60' } },
  },
];

describe('built-in layouts', () => {
  it('are exactly the documented eight', () => {
    expect(BUILT_IN_IDS).toEqual([
      'console',
      'grpc-naming',
      'go-zero',
      'kratos',
      'go-micro',
      'rpcx',
      'dubbo',
      'coredns',
    ]);
    for (const l of BUILT_IN_LAYOUTS) expect(l.source).toMatch(/^(https:\/\/github\.com\/|lib\/)/);
  });

  it.each(fixtures)('$layout: $key ($source)', (f) => {
    const layout = builtInLayout(f.layout)!;
    expect(layout.match(f.key)).toEqual({ service: f.service, id: f.id });
    const decoded = layout.decode(f.key, f.value, f.lease);
    expect(isProblem(decoded)).toBe(false);
    expect(decoded).toMatchObject({ address: f.address, port: f.port, ...(f.extra ?? {}) });
    // The service's directory holds the key.
    expect(f.key.startsWith(layout.serviceDir(f.service))).toBe(true);
  });

  it.each([
    ['console', '/services/orders', ''],
    ['console', '/services/bad name/x', '10.0.0.1:80'],
    ['kratos', '/microservices/a/b/c', '{}'],
    ['go-micro', '/micro/config/x', '{}'],
    ['dubbo', '/dubbo/org.x.Svc/consumers/abc', ''],
    ['dubbo', '/dubbo/org.x.Svc/configurators', ''],
    ['coredns', '/skydns/local', '{"host":"1.1.1.1"}'],
    ['go-zero', 'user.rpc/abc', '10.0.0.5:80'],
    ['rpcx', '/rpcx_test/Arith', 'Arith'],
    ['grpc-naming', 'noslash', '{"Addr":"1.2.3.4:5"}'],
  ])('%s does not claim %s', (id, key) => {
    expect(builtInLayout(id)!.match(key)).toBeNull();
  });

  it.each([
    ['grpc-naming', 'svc/1.2.3.4:5', '{"Op":1,"Addr":"1.2.3.4:5"}'],
    ['grpc-naming', 'svc/1.2.3.4:5', '10.0.0.1:80'],
    ['go-zero', 'svc/123', '{"Addr":"x"}'],
    ['kratos', '/microservices/a/b', '{"id":"b","endpoints":[]}'],
    ['go-micro', '/micro/registry/a/b', '{"name":"a","nodes":[]}'],
    ['rpcx', '/b/Svc/tcp@nohost', ''],
    ['dubbo', '/dubbo/x/providers/not-a-url', ''],
    ['coredns', '/skydns/local/a', '{"text":"only text"}'],
  ])('%s explains why %s = %s is not an instance', (id, key, value) => {
    const layout = builtInLayout(id)!;
    expect(layout.match(key)).not.toBeNull();
    expect(layout.decode(key, value, null)).toHaveProperty('problem');
  });

  it('rpcx state=inactive is draining; dubbo disabled providers too', () => {
    expect(builtInLayout('rpcx')!.decode('/b/S/tcp@1.2.3.4:5', 'state=inactive', null)).toMatchObject({
      status: 'draining',
    });
    const url = encodeURIComponent('dubbo://1.2.3.4:20880/x.S?enabled=false');
    expect(builtInLayout('dubbo')!.decode(`/dubbo/x.S/providers/${url}`, '', null)).toMatchObject({
      status: 'draining',
    });
  });

  it('only our own layout may be drained; CoreDNS records are deleted, never their lease revoked', () => {
    expect(BUILT_IN_LAYOUTS.filter((l) => l.writes.drain).map((l) => l.id)).toEqual(['console']);
    expect(builtInLayout('coredns')!.writes.deregister).toBe('key');
  });
});
