import Link from 'next/link';
import { getTranslations } from 'next-intl/server';

/** The 404 of the console: what happened and a way back; a server component (Next sends it with every page). */
export async function NotFoundView() {
  const t = await getTranslations('routeState');
  return (
    <div className="flex max-w-xl flex-col gap-3" data-testid="page-not-found">
      <p className="font-mono text-sm text-zinc-500 dark:text-zinc-400">404</p>
      <h1 className="text-xl font-semibold tracking-tight">{t('notFoundTitle')}</h1>
      <p className="text-sm text-zinc-600 dark:text-zinc-400">{t('notFoundBody')}</p>
      <Link href="/" className="text-sm text-sky-700 hover:underline dark:text-sky-400">
        {t('home')}
      </Link>
    </div>
  );
}
