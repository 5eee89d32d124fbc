'use client';
// A console page that failed to render: a plain message, the digest to find it in the server log, and a retry
// (which fetches the page again). The error's own text and stack stay out of the page.
import { useTranslations } from 'next-intl';
import { useEffect } from 'react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';

export default function ConsoleError({
  error,
  retry,
}: {
  error: Error & { digest?: string };
  retry: () => void;
}) {
  const t = useTranslations('routeState');
  // The browser console gets the error for whoever debugs; the page shows only what a user can act on.
  useEffect(() => console.error(error), [error]);
  return (
    <div className="flex max-w-2xl flex-col gap-4" data-testid="page-error">
      <Alert tone="error" title={t('errorTitle')}>
        <p>{t('errorBody')}</p>
        {error.digest ? (
          <p className="mt-2 font-mono text-xs" data-testid="page-error-digest">
            {t('errorDigest', { digest: error.digest })}
          </p>
        ) : null}
      </Alert>
      <div>
        <Button variant="primary" onClick={() => retry()} data-testid="page-error-retry">
          {t('retry')}
        </Button>
      </div>
    </div>
  );
}
