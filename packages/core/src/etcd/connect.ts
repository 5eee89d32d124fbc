// Builds an etcd3 client tuned for an interactive console. Free of Next.js so the SDKs and scripts share it.
import { type CallOptions, InterceptingCall, type Interceptor, Metadata, status } from '@grpc/grpc-js';
import {
  ConsecutiveBreaker,
  circuitBreaker,
  ExponentialBackoff,
  handleWhen,
  type IBackoff,
  retry,
} from 'cockatiel';
import {
  Etcd3,
  GRPCCancelledError,
  GRPCResourceExhastedError,
  type IOptions,
  isRecoverableError,
} from 'etcd3';
import { readTlsMaterial, usesTlsFiles } from './tls';

export type ConnectOptions = {
  endpoints: string[];
  username?: string;
  password?: string;
  caFile?: string;
  certFile?: string;
  keyFile?: string;
  /** Deadline for each unary call; etcd3 ignores dialTimeout, so this is what bounds a call to a dead cluster. */
  callTimeoutMs?: number;
  /** Called after every unary call, for latency metrics; `details` is gRPC's status text of a failed call. */
  observeCall?: (method: string, seconds: number, ok: boolean, details?: string) => void;
  /** After every Range and Txn answer: the keys etcd counted for its range reads (LeaseTimeToLive: keys listed). */
  observeKeysRead?: (method: string, keys: number) => void;
};

type RangeAnswer = { count?: string | number; kvs?: unknown[] } | null | undefined;
type TxnAnswer = { responses?: Array<{ response_range?: RangeAnswer }> } | null | undefined;

/** etcd 3.4 walks every key of a requested range to count it, whatever the limit: `count` is what a read cost. */
function rangeKeys(answer: RangeAnswer): number {
  if (!answer) return 0;
  return Math.max(Number(answer.count ?? 0) || 0, answer.kvs?.length ?? 0);
}

function keysReadInterceptor(observe: NonNullable<ConnectOptions['observeKeysRead']>): Interceptor {
  return (options, nextCall) => {
    const method = options.method_definition.path.split('/').pop() ?? 'unknown';
    if (method !== 'Range' && method !== 'Txn' && method !== 'LeaseTimeToLive') {
      return new InterceptingCall(nextCall(options));
    }
    return new InterceptingCall(nextCall(options), {
      start(metadata, _listener, next) {
        next(metadata, {
          onReceiveMessage(message: RangeAnswer & TxnAnswer, nextMessage) {
            const keys =
              method === 'Range'
                ? rangeKeys(message)
                : method === 'LeaseTimeToLive'
                  ? ((message as { keys?: unknown[] } | null)?.keys?.length ?? 0)
                  : (message?.responses ?? []).reduce((sum, r) => sum + rangeKeys(r.response_range), 0);
            if (keys > 0) observe(method, keys);
            nextMessage(message);
          },
        });
      },
    });
  };
}

function timingInterceptor(observe: NonNullable<ConnectOptions['observeCall']>): Interceptor {
  return (options, nextCall) => {
    const started = performance.now();
    const method = options.method_definition.path.split('/').pop() ?? 'unknown';
    return new InterceptingCall(nextCall(options), {
      start(metadata, _listener, next) {
        next(metadata, {
          onReceiveStatus(status, nextStatus) {
            const ok = status.code === 0;
            observe(method, (performance.now() - started) / 1000, ok, ok ? undefined : status.details);
            nextStatus(status);
          },
        });
      },
    });
  };
}

/**
 * etcd3 opens a watch stream with the auth token it holds at that moment and never refreshes it. Once that token
 * is gone (a simple token idle past --auth-token-ttl, a JWT past its ttl, any etcd restart), etcd cancels every new
 * watch on the stream with "invalid auth token", and the owner's retries land on the same stream forever. Do what
 * etcd's Go client does: take a fresh token, then fail the stream so etcd3 opens a new one and creates every
 * watcher on it again, each from the revision it had reached. The cancel itself is never handed on.
 */
function watchTokenRefresh(refreshToken: () => Promise<unknown>): Interceptor {
  return (options, nextCall) => {
    const call: InterceptingCall = new InterceptingCall(nextCall(options), {
      start(metadata, listener, next) {
        next(metadata, {
          onReceiveMessage(message: { canceled?: boolean; cancel_reason?: string } | null, nextMessage) {
            if (!(message?.canceled && /invalid auth token/.test(message.cancel_reason ?? ''))) {
              nextMessage(message);
              return;
            }
            const details = 'etcdserver: invalid auth token';
            void refreshToken()
              .catch(() => {})
              .then(() => {
                listener.onReceiveStatus({ code: status.UNAUTHENTICATED, details, metadata: new Metadata() });
                call.cancelWithStatus(status.UNAUTHENTICATED, details);
              });
          },
        });
      },
    });
    return call;
  };
}

/** A console wants fast recovery: the defaults back watches off to 30 s and open the breaker for 5 s. */
export function connectEtcd(options: ConnectOptions): Etcd3 {
  const timeout = options.callTimeoutMs ?? 5000;
  const withAuth = Boolean(options.username && options.password);
  let client: Etcd3 | null = null;
  // A unary call that meets an invalid token makes etcd3 sign in again (it does that for unary calls only).
  const refreshToken = async () => client?.get('\0').exec();
  const etcdOptions: IOptions = {
    hosts: options.endpoints,
    defaultCallOptions: (ctx): CallOptions => {
      if (ctx.isStream) {
        return withAuth && ctx.service === 'Watch' ? { interceptors: [watchTokenRefresh(refreshToken)] } : {};
      }
      const interceptors: Interceptor[] = [];
      if (options.observeCall) interceptors.push(timingInterceptor(options.observeCall));
      if (options.observeKeysRead) interceptors.push(keysReadInterceptor(options.observeKeysRead));
      return {
        deadline: Date.now() + timeout,
        interceptors: interceptors.length > 0 ? interceptors : undefined,
      };
    },
    faultHandling: {
      host: () =>
        circuitBreaker(
          // NOSPACE refusals are answers, and streams we cancel ourselves are no fault: neither opens the breaker.
          handleWhen(
            (e) =>
              isRecoverableError(e) &&
              !(e instanceof GRPCResourceExhastedError) &&
              !(e instanceof GRPCCancelledError),
          ),
          {
            halfOpenAfter: 500,
            breaker: new ConsecutiveBreaker(3),
          },
        ),
      // Each global retry moves the call to another endpoint.
      global: retry(handleWhen(isRecoverableError), { maxAttempts: Math.max(1, options.endpoints.length) }),
      // etcd3 types this slot as a backoff but calls .next() on it first, as it does with its own default factory.
      watchBackoff: new ExponentialBackoff({
        initialDelay: 100,
        maxDelay: 1000,
      }) as unknown as IBackoff<unknown>,
    },
    grpcOptions: {
      'grpc.keepalive_time_ms': 10_000,
      'grpc.keepalive_timeout_ms': 5_000,
      'grpc.keepalive_permit_without_calls': 1,
      'grpc.initial_reconnect_backoff_ms': 100,
      'grpc.max_reconnect_backoff_ms': 1000,
      'grpc.max_receive_message_length': 64 * 1024 * 1024,
    },
  };
  if (options.username && options.password) {
    etcdOptions.auth = {
      username: options.username,
      password: options.password,
      callOptions: () => ({ deadline: Date.now() + timeout }),
    };
  }
  if (usesTlsFiles(options)) {
    // Checked on every connect: a file that went missing or bad is named in one line, not a handshake error.
    const tls = readTlsMaterial(options);
    etcdOptions.credentials = {
      // Without ETCD_CA_FILE, etcd's certificate is checked against the system's roots (null tells grpc-js so).
      rootCertificate: tls.ca ?? (null as unknown as Buffer),
      privateKey: tls.key,
      certChain: tls.cert,
    };
  }
  client = new Etcd3(etcdOptions);
  return client;
}
