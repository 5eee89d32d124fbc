import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { ServicesView } from '@/components/services/services-view';
import { inSelectedCluster } from '@/lib/etcd/page-cluster';
import { listServices } from '@/lib/registry/list-services';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('services');
  return { title: t('title') };
}

export default async function ServicesPage() {
  // Real counts on the server when etcd answers; the client keeps them live either way.
  const initial = await inSelectedCluster(() => listServices({ withTtl: true })).catch(() => undefined);
  return <ServicesView initial={initial} />;
}
