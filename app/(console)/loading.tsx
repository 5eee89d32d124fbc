import { getTranslations } from 'next-intl/server';
import { Card } from '@/components/ui/card';

// While a console page renders on the server: the shell stays, a skeleton of title and panels stands in.
export default async function Loading() {
  const t = await getTranslations('routeState');
  return (
    <div
      role="status"
      aria-live="polite"
      className="flex animate-pulse flex-col gap-6"
      data-testid="page-loading"
    >
      <span className="sr-only">{t('loading')}</span>
      <div className="h-7 w-48 rounded bg-zinc-200 dark:bg-zinc-800" />
      <div className="grid grid-cols-1 gap-4 sm:grid-cols-3">
        {[0, 1, 2].map((i) => (
          <Card key={i} padded className="h-20" />
        ))}
      </div>
      <Card padded className="flex flex-col gap-3">
        {[0, 1, 2, 3, 4].map((i) => (
          <div key={i} className="h-4 rounded bg-zinc-100 dark:bg-zinc-800" />
        ))}
      </Card>
    </div>
  );
}
