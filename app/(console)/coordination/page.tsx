import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { CoordinationDetailView } from '@/components/coordination/coordination-detail';
import { CoordinationView } from '@/components/coordination/coordination-view';
import { listCoordination } from '@/lib/coordination/list-coordination';
import { inSelectedCluster } from '@/lib/etcd/page-cluster';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('coordination');
  return { title: t('title') };
}

type Search = Promise<Record<string, string | string[] | undefined>>;

export default async function CoordinationPage({ searchParams }: { searchParams: Search }) {
  const params = await searchParams;
  // ?prefix=… opens one election, lock or Patroni cluster (the key browser links here).
  if (typeof params.prefix === 'string') {
    return (
      <CoordinationDetailView
        prefix={params.prefix}
        kind={params.kind === 'patroni' ? 'patroni' : 'recipe'}
      />
    );
  }
  // Real holders on the server when etcd answers; the client keeps them live either way.
  const initial = await inSelectedCluster(listCoordination)
    .then((list) => ({ ...list, receivedAt: Date.now() }))
    .catch(() => undefined);
  return <CoordinationView initial={initial} />;
}
