import { useTranslations } from 'next-intl';
import { PageTitle } from './page-title';

/** An honest empty section: says it is not built rather than showing invented data. */
export function NotBuilt({ title }: { title: string }) {
  const t = useTranslations('notBuilt');
  return (
    <div>
      <PageTitle>{title}</PageTitle>
      <div
        data-testid="not-built"
        className="rounded-lg border border-dashed border-zinc-300 p-8 text-center text-sm text-zinc-500 dark:border-zinc-700 dark:text-zinc-400"
      >
        <div className="font-medium text-zinc-700 dark:text-zinc-300">{t('title')}</div>
        <p className="mt-1">{t('body')}</p>
      </div>
    </div>
  );
}
