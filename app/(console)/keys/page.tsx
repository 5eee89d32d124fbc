import type { Metadata } from 'next';
import { Suspense } from 'react';
import { KeysPage } from '@/components/keys/keys-page';

export const metadata: Metadata = { title: 'Keys' };

export default function Page() {
  return (
    <Suspense>
      <KeysPage />
    </Suspense>
  );
}
