import type { ReactNode } from 'react';
import { Header } from '@/components/shell/header';
import { Sidebar } from '@/components/shell/sidebar';

export default function ConsoleLayout({ children }: { children: ReactNode }) {
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
