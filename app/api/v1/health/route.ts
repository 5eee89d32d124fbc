import { describeTlsFailure, tlsFailureOf } from '@etcd-console/core/etcd';
import { ApiError } from '@/lib/api/errors';
import { route } from '@/lib/api/route';
import { currentActor } from '@/lib/auth/context';
import { readEtcdHealth } from '@/lib/cluster/health';
import { etcdClient, etcdConfig } from '@/lib/etcd/client';
import { currentTlsFailure } from '@/lib/etcd/tls-state';

export const dynamic = 'force-dynamic';

// GET /api/v1/health – 200 when etcd answers; 503 with the reason when it does not: a failed TLS handshake names
// the setting at fault (and, for a signed-in caller, its file), anything else says etcd is unreachable.
export const GET = route('health', async () => {
  const config = etcdConfig();
  try {
    const etcd = await readEtcdHealth(etcdClient(), config.endpoints);
    return Response.json({ status: 'ok', etcd }, { headers: { 'Cache-Control': 'no-store' } });
  } catch (error) {
    const tls = tlsFailureOf(error, config) ?? currentTlsFailure(config);
    const signedIn = currentActor() !== null;
    const message = tls
      ? describeTlsFailure(tls, signedIn)
      : `etcd is unreachable at ${config.endpoints.join(', ')}`;
    return new ApiError(
      'etcd_unavailable',
      message,
      tls ? { reason: 'tls', setting: tls.variable } : undefined,
    ).toResponse({
      'Cache-Control': 'no-store',
    });
  }
});
