import type { Metadata } from 'next';
import { OverviewView } from '@/components/overview/overview-view';
import { type Overview, readOverview } from '@/lib/cluster/overview';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Overview' };

export default async function OverviewPage() {
  // Render real figures on the server when etcd answers; the client keeps them current either way.
  const initial: Overview | undefined = await readOverview().catch(() => undefined);
  return <OverviewView initial={initial} />;
}
