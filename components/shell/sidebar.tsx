'use client';
import { Database } from 'lucide-react';
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { navItems } from './nav-items';

export function Sidebar() {
  const t = useTranslations();
  const pathname = usePathname();
  const isActive = (href: string) => (href === '/' ? pathname === '/' : pathname.startsWith(href));
  return (
    // The aside stretches the whole length of the page (its border and background reach the bottom of long
    // pages); its content stays in view while the page scrolls, and scrolls itself in a short window.
    <aside className="w-56 shrink-0 self-stretch border-r border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
      <div className="sticky top-0 flex h-screen flex-col overflow-y-auto" data-testid="sidebar">
        <Link href="/" className="flex items-center gap-2 px-4 py-4 font-semibold tracking-tight">
          <Database className="size-5 text-sky-600 dark:text-sky-400" aria-hidden />
          <span>{t('app.name')}</span>
        </Link>
        <nav aria-label="Sections" className="flex flex-col gap-0.5 px-2">
          {navItems.map(({ href, label, icon: Icon }) => (
            <Link
              key={href}
              href={href}
              data-testid={`nav-${label}`}
              aria-current={isActive(href) ? 'page' : undefined}
              className="flex items-center gap-2.5 rounded-md px-3 py-2 text-sm text-zinc-600 hover:bg-zinc-100 hover:text-zinc-900 aria-[current=page]:bg-sky-50 aria-[current=page]:font-medium aria-[current=page]:text-sky-700 dark:text-zinc-400 dark:hover:bg-zinc-800 dark:hover:text-zinc-100 dark:aria-[current=page]:bg-sky-950 dark:aria-[current=page]:text-sky-300"
            >
              <Icon className="size-4" aria-hidden />
              {t(`nav.${label}`)}
            </Link>
          ))}
        </nav>
      </div>
    </aside>
  );
}
