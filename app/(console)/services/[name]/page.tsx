import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { ServiceDetailView } from '@/components/services/service-detail-view';
import { inSelectedCluster } from '@/lib/etcd/page-cluster';
import { getService } from '@/lib/registry/get-service';
import { serviceParams } from '@/lib/registry/schemas';

export const dynamic = 'force-dynamic';

type Props = { params: Promise<{ name: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: (await params).name };
}

export default async function ServicePage({ params }: Props) {
  // Validate the route params: a name outside the registry's rules is no service at all.
  const parsed = serviceParams.safeParse(await params);
  if (!parsed.success) notFound();
  const { name } = parsed.data;
  const initial = await inSelectedCluster(() => getService(name))
    .then((detail) => ({ ...detail, receivedAt: Date.now() }))
    .catch(() => undefined);
  return <ServiceDetailView name={name} initial={initial} />;
}
