import type { Metadata } from 'next';
import { ChangeSetsPage } from '@/components/changesets/changesets-page';

export const metadata: Metadata = { title: 'Change sets' };

export default function Page() {
  return <ChangeSetsPage />;
}
