'use client';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { Alert } from '../ui/alert';
import { PageTitle } from '../ui/page-title';
import { CreateWebhookForm } from './create-webhook-form';
import { useWebhooks } from './use-webhooks';
import { WebhookCard } from './webhook-card';

/** Endpoints with their last deliveries; a new endpoint's secret is shown here once, right after creation. */
export function WebhooksPage() {
  const t = useTranslations('webhooks');
  const { webhooks, error, isLoading, mutate } = useWebhooks();
  const [secret, setSecret] = useState<{ id: string; value: string } | null>(null);
  return (
    <div className="flex flex-col gap-4">
      <PageTitle>{t('title')}</PageTitle>
      <p className="-mt-4 text-sm text-zinc-600 dark:text-zinc-400">{t('intro')}</p>
      <CreateWebhookForm
        onCreated={(id, value) => {
          setSecret({ id, value });
          void mutate();
        }}
      />
      {secret ? (
        <Alert tone="warning" title={t('secretOnce')} testId="webhook-secret">
          <code className="font-mono break-all select-all" data-testid="webhook-secret-value">
            {secret.value}
          </code>
        </Alert>
      ) : null}
      {error ? <Alert tone="error">{error.message}</Alert> : null}
      {isLoading ? <p className="text-sm text-zinc-500">{t('loading')}</p> : null}
      {webhooks && webhooks.length === 0 ? (
        <p className="text-sm text-zinc-500" data-testid="webhooks-empty">
          {t('empty')}
        </p>
      ) : null}
      {webhooks?.map((w) => (
        <WebhookCard key={w.id} webhook={w} onChanged={() => void mutate()} />
      ))}
    </div>
  );
}
