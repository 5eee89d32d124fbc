'use client';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import {
  deleteWebhook,
  sendTestDelivery,
  setWebhookEnabled,
  type WebhookView,
} from '@/lib/client/webhooks-api';
import { Alert } from '../ui/alert';
import { Badge } from '../ui/badge';
import { Button } from '../ui/button';
import { ConfirmDialog } from '../ui/confirm-dialog';
import { DeliveriesTable } from './deliveries-table';

/** One endpoint: what it reports, its controls, and its last deliveries. */
export function WebhookCard({ webhook, onChanged }: { webhook: WebhookView; onChanged: () => void }) {
  const t = useTranslations('webhooks');
  const [error, setError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const run = async (action: () => Promise<unknown>) => {
    setError(null);
    try {
      await action();
      onChanged();
    } catch (err) {
      setError((err as Error).message);
    }
  };
  return (
    <section
      className="flex flex-col gap-3 rounded-lg border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900"
      data-testid={`webhook-${webhook.id}`}
    >
      <div className="flex flex-wrap items-center justify-between gap-2">
        <div className="flex min-w-0 flex-col gap-1">
          <div className="flex items-center gap-2">
            <span className="truncate font-mono text-sm" data-testid="webhook-card-url">
              {webhook.url}
            </span>
            <Badge tone={webhook.enabled ? 'green' : 'gray'} testId="webhook-state">
              {webhook.enabled ? t('enabled') : t('disabled')}
            </Badge>
          </div>
          <div className="text-xs text-zinc-500">
            {t('reports', { prefix: webhook.prefix })} · {webhook.events.join(', ')} ·{' '}
            {t('secretHint', { hint: webhook.secretHint })}
          </div>
        </div>
        <div className="flex gap-2">
          <Button
            size="sm"
            onClick={() => run(() => sendTestDelivery(webhook.id))}
            data-testid="webhook-test"
          >
            {t('sendTest')}
          </Button>
          <Button
            size="sm"
            onClick={() => run(() => setWebhookEnabled(webhook.id, !webhook.enabled))}
            data-testid="webhook-toggle"
          >
            {webhook.enabled ? t('disable') : t('enable')}
          </Button>
          <Button size="sm" variant="danger" onClick={() => setConfirming(true)} data-testid="webhook-delete">
            {t('delete')}
          </Button>
        </div>
      </div>
      {error ? <Alert tone="error">{error}</Alert> : null}
      <DeliveriesTable id={webhook.id} />
      <ConfirmDialog
        open={confirming}
        onClose={() => setConfirming(false)}
        title={t('deleteTitle')}
        confirmLabel={t('delete')}
        onConfirm={async () => {
          await deleteWebhook(webhook.id);
          setConfirming(false);
          onChanged();
          return undefined;
        }}
      >
        {t('deleteBody', { url: webhook.url })}
      </ConfirmDialog>
    </section>
  );
}
