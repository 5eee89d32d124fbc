import type { ReactNode } from 'react';
import { Header } from '@/components/shell/header';
import { Sidebar } from '@/components/shell/sidebar';
import { requirePageActor } from '@/lib/auth/page-actor';

export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  // Authenticate here, not only in proxy.ts: requests that skip the proxy must not render the console either.
  await requirePageActor();
  return (
    <div className="flex min-h-screen">
      <Sidebar />
      <div className="flex min-w-0 flex-1 flex-col">
        <Header />
        <main className="min-w-0 flex-1 p-6">{children}</main>
      </div>
    </div>
  );
}
