import 'server-only';
import { registryName } from '@etcd-console/core/registry';
// The service detail page on the server: the name and ?layout= checked, the first answer read, or a 404.
import { notFound, unstable_rethrow } from 'next/navigation';
import { ApiError } from '@/lib/api/errors';
import { inSelectedCluster } from '@/lib/etcd/page-cluster';
import { getService } from '@/lib/registry/get-service';
import { resolveServiceRef } from '@/lib/registry/resolve-layout';
import { layoutQuery, serviceParams } from '@/lib/registry/schemas';
import { ServiceDetailView } from './service-detail-view';

export async function ServicePage({ name, layout }: { name: string; layout: string | string[] | undefined }) {
  // Validate the route params: a name outside its layout's rules, or a layout that is not on, is no service at all.
  const params = serviceParams.safeParse({ name });
  const query = layoutQuery.safeParse({ layout });
  if (!params.success || !query.success) notFound();
  if (query.data.layout === 'console' && !registryName.safeParse(params.data.name).success) notFound();
  const ref = { name: params.data.name, layout: query.data.layout };
  let missing = false;
  const initial = await inSelectedCluster(async () => {
    const known = await resolveServiceRef(ref.layout, ref.name);
    return { ...(await getService(ref.name, undefined, undefined, known)), receivedAt: Date.now() };
  }).catch((error: unknown) => {
    unstable_rethrow(error);
    // An unknown layout, or a service the caller may read nothing of; etcd being down is shown by the client.
    missing = error instanceof ApiError && error.code === 'not_found';
    return undefined;
  });
  if (missing) notFound();
  return <ServiceDetailView name={ref.name} layout={ref.layout} initial={initial} />;
}
