import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { ChangeSetPage } from '@/components/changesets/changeset-page';
import { changeSetId } from '@/lib/changesets/schemas';

export const metadata: Metadata = { title: 'Change set' };

export default async function Page({ params }: { params: Promise<{ id: string }> }) {
  // Validate the route params.
  const parsed = changeSetId.safeParse((await params).id);
  if (!parsed.success) notFound();
  return <ChangeSetPage id={parsed.data} />;
}
