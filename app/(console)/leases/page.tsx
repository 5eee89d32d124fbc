import type { Metadata } from 'next';
import { Suspense } from 'react';
import { LeasesPage } from '@/components/leases/leases-page';

export const metadata: Metadata = { title: 'Leases' };

export default function Page() {
  return (
    <Suspense>
      <LeasesPage />
    </Suspense>
  );
}
