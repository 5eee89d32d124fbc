import type { Metadata } from 'next';
import { CommandDetail } from '@/components/workers/command-detail';
import { readCommand } from '@/lib/dispatch/read-command';
import { commandIdParams } from '@/lib/dispatch/schemas';
import { inSelectedCluster } from '@/lib/etcd/page-cluster';

export const dynamic = 'force-dynamic';

type Params = Promise<{ id: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { id } = await params;
  return { title: id };
}

export default async function Page({ params }: { params: Params }) {
  // Validate the route param; an invalid or missing command is reported by the client view, with a way back.
  const { id } = await params;
  const parsed = commandIdParams.safeParse({ id });
  const initial = parsed.success
    ? await inSelectedCluster(() => readCommand(parsed.data.id)).catch(() => undefined)
    : undefined;
  return <CommandDetail id={id} initial={initial} />;
}
