// Writers for service instances exactly as other frameworks register them in etcd (keys, value bytes, leases),
// for the demo and for tests of the console's layout recognition. Each writer cites the source it copies.
import { goJson, goMap, goQueryEscape, goQueryUnescape, goValuesEncode } from './go-encoding.mjs';

export const LAYOUT_IDS = /** @type {const} */ ([
  'grpc-naming',
  'go-zero',
  'kratos',
  'go-micro',
  'rpcx',
  'dubbo',
  'coredns',
]);
/** @typedef {(typeof LAYOUT_IDS)[number]} LayoutId */
/**
 * @typedef {object} ForeignInstance
 * @property {string} service  the name the framework registers under (gRPC target, go-zero key, Kratos/go-micro name,
 *   rpcx service, Dubbo interface, CoreDNS service label(s) below the zone)
 * @property {string} [id]  instance id (Kratos id, go-micro server id, CoreDNS leaf label); ignored where the
 *   framework derives it (gRPC naming, go-zero, rpcx, Dubbo)
 * @property {string} host
 * @property {number} port
 * @property {number} [ttl]  lease TTL in seconds; defaults to the framework's own (DEFAULT_TTL)
 * @property {Record<string, string>} [metadata]
 * @property {string} [version]  Kratos / go-micro version
 */
/** @typedef {{ key: string, value: string, onLease: boolean }} ForeignRecord */

/** Lease TTL each framework uses when not configured; 0 = no lease (CoreDNS records are usually plain puts). */
export const DEFAULT_TTL = /** @type {const} */ ({
  'grpc-naming': 60, // concurrency.NewSession default, as etcd's own grpcproxy registers
  'go-zero': 10, // discov.TimeToLive
  kratos: 15, // contrib/registry/etcd New(): ttl: time.Second * 15
  'go-micro': 90, // server.DefaultRegisterTTL
  rpcx: 30, // store/etcdv3 defaultTTL, one lease per store
  dubbo: 30, // gost keepAliveKV: Grant(30s)
  coredns: 0,
});
export const KRATOS_NAMESPACE = '/microservices';
export const GO_MICRO_PREFIX = '/micro/registry/';
export const RPCX_BASE_PATH = '/rpcx_test'; // rpcx-examples' -base flag default
export const DUBBO_ROOT = '/dubbo'; // registry group default "dubbo"
export const DUBBO_RELEASE = 'dubbo-golang-3.3.2';
export const COREDNS_PREFIX = 'skydns';
export const COREDNS_ZONE = 'skydns.local';

/** @param {ForeignInstance} o */
const idOf = (o) => o.id ?? `${o.service}-${o.port}`;

// etcd-io/etcd client/v3/naming/endpoints/endpoints_impl.go and internal/update.go @ c34dc7ee0048fd2bcc44d50beff002e5e8069b69:
//   internalUpdate := &internal.Update{Op: internal.Add, Addr: update.Endpoint.Addr, Metadata: update.Endpoint.Metadata}
//   v, err = json.Marshal(internalUpdate); ops = append(ops, clientv3.OpPut(update.Key, string(v), update.Opts...))
//   type Update struct { Op Operation; Addr string; Metadata any }   (no json tags: "Op","Addr","Metadata")
// client/v3/naming/doc.go: em.AddEndpoint(c.Ctx(), service+"/"+addr, endpoints.Endpoint{Addr:addr}, clientv3.WithLease(lid))
/** @param {ForeignInstance} o @returns {ForeignRecord[]} */
function grpcNaming(o) {
  const addr = `${o.host}:${o.port}`;
  const value = goJson({ Op: 0, Addr: addr, Metadata: goMap(o.metadata) });
  return [{ key: `${o.service}/${addr}`, value, onLease: true }];
}

// zeromicro/go-zero core/discov/publisher.go + clients.go @ 11f21098ddd95a58f801920fea4f0543d4d01586:
//   resp, err := client.Grant(client.Ctx(), TimeToLive)            (const timeToLive int64 = 10)
//   p.fullKey = makeEtcdKey(p.key, int64(lease))                    (fmt.Sprintf("%s%c%d", key, '/', id))
//   _, err = client.Put(client.Ctx(), p.fullKey, p.value, clientv3.WithLease(lease))
// zrpc/internal/rpcpubserver.go: discov.NewPublisher(etcd.Hosts, etcd.Key, pubListenOn) — the value is "ip:port".
/** @param {ForeignInstance} o @param {string} leaseId @returns {ForeignRecord[]} */
function goZero(o, leaseId) {
  return [{ key: `${o.service}/${leaseId}`, value: `${o.host}:${o.port}`, onLease: true }];
}

// go-kratos/kratos contrib/registry/etcd/registry.go, service.go, registry/registry.go @ 668db92c2c001e9552594ba5a8aede8456af6d7e
// (same in v2.9.2 b9fab9a5a5ab76268bafaebc68eefcd558c20119):
//   return fmt.Sprintf("%s/%s/%s", r.opts.namespace, service.Name, service.ID)      (namespace: "/microservices")
//   grant, err := r.lease.Grant(ctx, int64(r.opts.ttl.Seconds())); r.client.Put(ctx, key, value, clientv3.WithLease(grant.ID))
//   ServiceInstance{ID `json:"id"`, Name `json:"name"`, Version `json:"version"`, Metadata map[string]string `json:"metadata"`,
//     Endpoints []string `json:"endpoints"`}; marshal = json.Marshal(si)
// Endpoints: transport/grpc/server.go endpoint.NewEndpoint(endpoint.Scheme("grpc", s.tlsConf != nil), addr) →
// "grpc://10.0.0.5:9000" (grpcs:// with TLS). Only v2.0–2.4 wrote a query, and only "?isSecure=true" (commit
// 1b3529fd: `if isSecure { query = "isSecure=true" }`); "?isSecure=false" appears in doc comments, never in etcd.
/** @param {ForeignInstance} o @returns {ForeignRecord[]} */
function kratos(o) {
  const id = idOf(o);
  const value = goJson({
    id,
    name: o.service,
    version: o.version ?? '',
    metadata: goMap(o.metadata),
    endpoints: [`grpc://${o.host}:${o.port}`],
  });
  return [{ key: `${KRATOS_NAMESPACE}/${o.service}/${id}`, value, onLease: true }];
}

// go-micro/plugins v4/registry/etcd/etcd.go @ 6026888844da0f32d2e633952bab2947871fc1a3:
//   prefix = "/micro/registry/"; nodePath: path.Join(prefix, strings.Replace(s, "/", "-", -1), strings.Replace(id, "/", "-", -1))
//   service := &registry.Service{Name, Version, Metadata: s.Metadata, Endpoints: s.Endpoints, Nodes: []*registry.Node{node}}
//   e.client.Put(ctx, nodePath(service.Name, node.Id), encode(service), clientv3.WithLease(lgr.ID))   (encode = json.Marshal)
// go-micro/go-micro v4.9.0 (1db36357d509bdc590fb08264f6d8f14cce9b867) registry/registry.go field order
//   Service{name, version, metadata, endpoints, nodes}, Node{id, address, metadata}; server/rpc_server.go:
//   Id: config.Name + "-" + config.Id; node.Metadata["transport"|"broker"|"server"|"registry"] + ["protocol"] = "mucp";
//   endpoints := make([]*registry.Endpoint, 0, ...) → [] with no handlers; DefaultVersion "latest", DefaultRegisterTTL 90s.
/** @param {ForeignInstance} o @returns {ForeignRecord[]} */
function goMicro(o) {
  const nodeId = `${o.service}-${idOf(o)}`;
  const nodeMetadata = {
    ...o.metadata,
    transport: 'http',
    broker: 'http',
    server: 'mucp',
    registry: 'etcd',
    protocol: 'mucp',
  };
  const value = goJson({
    name: o.service,
    version: o.version ?? 'latest',
    metadata: null,
    endpoints: [],
    nodes: [{ id: nodeId, address: `${o.host}:${o.port}`, metadata: goMap(nodeMetadata) }],
  });
  const dash = (/** @type {string} */ s) => s.replaceAll('/', '-');
  return [{ key: `${GO_MICRO_PREFIX}${dash(o.service)}/${dash(nodeId)}`, value, onLease: true }];
}

// rpcxio/rpcx-etcd serverplugin/etcdv3.go @ 3327b030e99566085303946196fb1f7616c82b45 (Register):
//   paths[p.BasePath] = &RegPath{p.BasePath, []byte("rpcx_path"), ...}
//   paths[nodePath] = &RegPath{nodePath, []byte(name), ...}                         (nodePath = BasePath/name)
//   nodePath = fmt.Sprintf("%s/%s/%s", p.BasePath, name, p.ServiceAddress)          (ServiceAddress "tcp@ip:port")
//   paths[nodePath] = &RegPath{nodePath, []byte(metadata), ...}; the update loop re-puts []byte(v.Encode()) (sorted query)
// store/etcdv3/etcdv3.go: every Put is s.client.Put(ctx, key, string(value), clientv3.WithLease(s.leaseID)) — one lease
// per store, granted with defaultTTL = 30 at New(); IsDir and the per-key TTL do not change the key or its lease.
/** @param {ForeignInstance} o @returns {ForeignRecord[]} */
function rpcx(o) {
  const metadata = goValuesEncode(Object.entries(o.metadata ?? {}));
  return [
    { key: RPCX_BASE_PATH, value: 'rpcx_path', onLease: true },
    { key: `${RPCX_BASE_PATH}/${o.service}`, value: o.service, onLease: true },
    { key: `${RPCX_BASE_PATH}/${o.service}/tcp@${o.host}:${o.port}`, value: metadata, onLease: true },
  ];
}

// apache/dubbo-go registry/base_registry.go @ 08a4387b7ea295b8068de0bc5cd64c3df92c9d48 (providerRegistry, processURL):
//   dubboPath = fmt.Sprintf("/%s/%s/%s", r.GetParam(constant.RegistryGroupKey, "dubbo"), r.service(c), "providers")
//   params.Add(constant.AnyhostKey, "true"); params.Add(constant.MethodsKey, strings.Join(c.Methods, ","))
//   (params whose first value is "" are deleted); s, _ := url.QueryUnescape(params.Encode())
//   rawURL = fmt.Sprintf("%s://%s%s?%s", c.Protocol, host, c.Path, s); encodedURL = url.QueryEscape(rawURL)
// registry/etcdv3/registry.go: CreatePath puts "" at each prefix (/dubbo, /dubbo/<if>, /dubbo/<if>/providers), no lease;
//   DoRegister: r.client.RegisterTemp(path.Join(root, node), "")
// dubbogo/gost v1.14.3 (47dc44cc6293e31b1e118b59fccad112cfcad72e) database/kv/etcd/v3/client.go keepAliveKV:
//   lease, err := rawClient.Grant(c.ctx, int64(30*time.Second.Seconds())); rawClient.Put(c.ctx, k, v, clientv3.WithLease(lease.ID))
// URL params: a representative subset of server/action.go getUrlMap (application, cluster, export, interface, ...).
/** @param {ForeignInstance} o @returns {ForeignRecord[]} */
function dubbo(o) {
  const { methods = 'SayHello', ...extra } = o.metadata ?? {};
  const application = extra.application ?? 'dubbo-go-demo';
  /** @type {Record<string, string>} */
  const urlParams = {
    application,
    cluster: 'failover',
    export: 'true',
    interface: o.service,
    loadbalance: 'random',
    name: application,
    pid: String(process.pid),
    'registry.role': '3',
    release: DUBBO_RELEASE,
    side: 'provider',
    timestamp: String(Math.floor(Date.now() / 1000)),
    ...extra,
  };
  /** @type {Array<[string, string]>} */
  const params = [...Object.entries(urlParams), ['anyhost', 'true'], ['methods', methods]];
  const kept = params.filter(([k]) => params.find(([first]) => first === k)?.[1] !== '');
  const rawURL = `dubbo://${o.host}:${o.port}/${o.service}?${goQueryUnescape(goValuesEncode(kept))}`;
  const root = `${DUBBO_ROOT}/${goQueryEscape(o.service)}/providers`.replaceAll('$', '%24');
  return [
    { key: DUBBO_ROOT, value: '', onLease: false },
    { key: `${DUBBO_ROOT}/${goQueryEscape(o.service)}`, value: '', onLease: false },
    { key: root, value: '', onLease: false },
    { key: `${root}/${goQueryEscape(rawURL)}`, value: '', onLease: true },
  ];
}

// coredns/coredns plugin/etcd/msg/service.go and path.go @ 4b26cced32717eac6dd725e308d7415c8b9db147:
//   Host `json:"host,omitempty"`, Port `json:"port,omitempty"`, Priority `json:"priority,omitempty"`,
//   Weight `json:"weight,omitempty"`, Text, Mail, TTL uint32 `json:"ttl,omitempty"`, TargetStrip, Group (all omitempty)
//   Path: "service.staging.skydns.local." → "/skydns/local/skydns/staging/service" (labels reversed under /<prefix>/)
// CoreDNS only reads; records are put by tools (etcdctl, external-dns). plugin/etcd/etcd.go TTL() honours a lease
// ("Get actual lease TTL from etcd if lease exists"), so with a ttl the record is put on a lease.
/** @param {ForeignInstance} o @returns {ForeignRecord[]} */
function coredns(o) {
  const m = o.metadata ?? {};
  /** @type {Record<string, string | number>} */
  const record = {
    host: o.host,
    port: o.port,
    priority: Number(m.priority ?? 10),
    weight: Number(m.weight ?? 100),
    ttl: Number(m.ttl ?? 60),
  };
  const value = goJson(Object.fromEntries(Object.entries(record).filter(([, v]) => v !== 0 && v !== '')));
  return [{ key: corednsPath(`${idOf(o)}.${o.service}.${COREDNS_ZONE}`), value, onLease: (o.ttl ?? 0) > 0 }];
}

/** msg.Path: the domain's labels reversed under /<prefix>. @param {string} domain */
export function corednsPath(domain) {
  return `/${[COREDNS_PREFIX, ...domain.split('.').filter(Boolean).reverse()].join('/')}`;
}

/**
 * The keys and value bytes a framework writes for one instance (lease id needed by go-zero only).
 * @param {LayoutId} layout @param {ForeignInstance} opts @param {string} [leaseId]
 * @returns {ForeignRecord[]}
 */
export function foreignRecords(layout, opts, leaseId = '0') {
  switch (layout) {
    case 'grpc-naming':
      return grpcNaming(opts);
    case 'go-zero':
      return goZero(opts, leaseId);
    case 'kratos':
      return kratos(opts);
    case 'go-micro':
      return goMicro(opts);
    case 'rpcx':
      return rpcx(opts);
    case 'dubbo':
      return dubbo(opts);
    case 'coredns':
      return coredns(opts);
  }
  throw new Error(`unknown layout ${layout}`);
}

/** The lease TTL this instance is registered with, 0 for none. @param {LayoutId} layout @param {ForeignInstance} opts */
export function leaseTtlOf(layout, opts) {
  return opts.ttl ?? DEFAULT_TTL[layout];
}

/**
 * Registers one instance as its framework would: grants the lease (kept alive by etcd3 until revoked or the client
 * closes) and puts every key. Returns the lease (null when the layout writes none) and the keys written.
 * @param {import('etcd3').Namespace} client
 * @param {LayoutId} layout
 * @param {ForeignInstance} opts
 * @returns {Promise<{ lease: import('etcd3').Lease | null, keys: string[] }>}
 */
export async function writeForeignInstance(client, layout, opts) {
  const ttl = leaseTtlOf(layout, opts);
  const lease = ttl > 0 ? client.lease(ttl) : null;
  const leaseId = lease ? await lease.grant() : undefined;
  const records = foreignRecords(layout, opts, leaseId);
  for (const record of records) {
    const put = record.onLease && lease ? lease.put(record.key) : client.put(record.key);
    await put.value(record.value);
  }
  return { lease, keys: records.map((r) => r.key) };
}

/**
 * What a console that recognises the layout should show for this instance.
 * @param {LayoutId} layout @param {ForeignInstance} opts
 * @returns {{ service: string, address: string, port: number }}
 */
export function readBackExpectation(layout, opts) {
  const service = layout === 'coredns' ? `${opts.service}.${COREDNS_ZONE}` : opts.service;
  return { service, address: opts.host, port: opts.port };
}
