import type { Metadata } from 'next';
import { OverviewView } from '@/components/overview/overview-view';
import { type Overview, readOverview } from '@/lib/cluster/overview';
import { inSelectedCluster } from '@/lib/etcd/page-cluster';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Overview' };

export default async function OverviewPage() {
  // Render real figures on the server when etcd answers; the client keeps them current either way.
  const initial: Overview | undefined = await inSelectedCluster(() => readOverview()).catch(() => undefined);
  return <OverviewView initial={initial} />;
}
