import { parseQuery } from '@/lib/api/parse';
import { route } from '@/lib/api/route';
import { snapshotQuery } from '@/lib/cluster/schemas';
import { openSnapshot } from '@/lib/cluster/snapshot-stream';

export const dynamic = 'force-dynamic';

// GET /api/v1/cluster/snapshot – the backend database streamed from etcd as a download, never buffered whole
export const GET = route('cluster.snapshot', async (request) => {
  const { memberId } = parseQuery(request, snapshotQuery);
  const stream = await openSnapshot(memberId, request.signal);
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  return new Response(stream, {
    headers: {
      'Content-Type': 'application/octet-stream',
      'Content-Disposition': `attachment; filename="etcd-snapshot-${stamp}.db"`,
      'Cache-Control': 'no-store',
    },
  });
});
