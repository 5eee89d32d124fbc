import 'server-only';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

type Metrics = {
  registry: Registry;
  httpRequests: Counter<'route' | 'method' | 'status'>;
  httpDuration: Histogram<'route' | 'method'>;
  etcdCallDuration: Histogram<'method' | 'outcome'>;
  etcdKeysRead: Counter<'method'>;
  sseStreams: Gauge;
  etcdWatches: Gauge;
  httpConnections: Gauge;
};

const holder = globalThis as typeof globalThis & {
  __consoleMetrics?: Metrics;
  /** Set by server.mjs: how many sockets it holds open. */
  __consoleHttpConnections?: () => number;
};

function create(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'etcd_console_' });
  return {
    registry,
    httpRequests: new Counter({
      name: 'etcd_console_http_requests_total',
      help: 'API requests by route, method and status',
      labelNames: ['route', 'method', 'status'],
      registers: [registry],
    }),
    httpDuration: new Histogram({
      name: 'etcd_console_http_request_duration_seconds',
      help: 'API request latency by route',
      labelNames: ['route', 'method'],
      buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    etcdCallDuration: new Histogram({
      name: 'etcd_console_etcd_call_duration_seconds',
      help: 'Latency of unary etcd gRPC calls by method',
      labelNames: ['method', 'outcome'],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5],
      registers: [registry],
    }),
    etcdKeysRead: new Counter({
      name: 'etcd_console_etcd_keys_read_total',
      help: 'Keys etcd counted to answer Range and Txn range reads (etcd 3.4 walks each whole range), and keys listed by LeaseTimeToLive',
      labelNames: ['method'],
      registers: [registry],
    }),
    sseStreams: new Gauge({
      name: 'etcd_console_sse_streams',
      help: 'Open Server-Sent Event streams',
      registers: [registry],
    }),
    etcdWatches: new Gauge({
      name: 'etcd_console_etcd_watches',
      help: 'etcd watches held by this console process',
      registers: [registry],
    }),
    httpConnections: new Gauge({
      name: 'etcd_console_http_connections',
      help: 'Open HTTP connections to this console process (server.mjs counts them; 0 elsewhere)',
      registers: [registry],
      collect() {
        this.set(holder.__consoleHttpConnections?.() ?? 0);
      },
    }),
  };
}

export function metrics(): Metrics {
  if (!holder.__consoleMetrics) holder.__consoleMetrics = create();
  return holder.__consoleMetrics;
}
