import { ApiError } from '@/lib/api/errors';
import { route } from '@/lib/api/route';
import { readEtcdHealth } from '@/lib/cluster/health';
import { etcdClient, etcdConfig } from '@/lib/etcd/client';

export const dynamic = 'force-dynamic';

// GET /api/v1/health – 200 when etcd answers, 503 with the reason when it does not
export const GET = route('health', async () => {
  try {
    const etcd = await readEtcdHealth(etcdClient(), etcdConfig().endpoints);
    return Response.json({ status: 'ok', etcd }, { headers: { 'Cache-Control': 'no-store' } });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return new ApiError(
      'etcd_unavailable',
      `etcd is unreachable at ${etcdConfig().endpoints.join(', ')}: ${reason}`,
    ).toResponse({
      'Cache-Control': 'no-store',
    });
  }
});
