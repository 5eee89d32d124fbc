import { parseQuery } from '@/lib/api/parse';
import { route } from '@/lib/api/route';
import { exportPrefix } from '@/lib/kv/export-prefix';
import { keyBytes } from '@/lib/kv/key-param';
import { prefixQuery } from '@/lib/kv/schemas';

export const dynamic = 'force-dynamic';

// GET /api/v1/kv/export – a prefix at one revision as a JSON download, streamed
export const GET = route('kv.export', async (request) => {
  const query = parseQuery(request, prefixQuery);
  const stream = await exportPrefix(keyBytes(query.prefix, query.prefixEncoding, 'prefix'), query.revision);
  const name = `etcd-export${query.prefix.replace(/[^A-Za-z0-9._-]+/g, '_')}.json`;
  return new Response(stream, {
    headers: {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Disposition': `attachment; filename="${name}"`,
    },
  });
});
