'use client';
import { RefreshCw, Trash2, X } from 'lucide-react';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { ApiError } from '@/lib/api/errors';
import { leasesApi } from '@/lib/client/leases-api';
import { leaseHex } from '@/lib/format/lease-id';
import { useLease } from '@/lib/hooks/use-leases';
import { Alert } from '../ui/alert';
import { Button } from '../ui/button';
import { Card } from '../ui/card';
import { ConfirmDialog } from '../ui/confirm-dialog';
import { LeaseKeyLink } from './lease-key-link';
import { LeaseTtl } from './lease-ttl';

/** One lease with every key it holds; admins may renew it once or revoke it (its keys vanish with it). */
export function LeaseDetail({
  id,
  now,
  canChange,
  onClose,
  onRevoked,
}: {
  id: string;
  now: number | null;
  canChange: boolean;
  onClose: () => void;
  onRevoked: () => void;
}) {
  const t = useTranslations('leases');
  const { data, error, mutate } = useLease(id);
  const [confirming, setConfirming] = useState(false);
  const [renewal, setRenewal] = useState<{ tone: 'info' | 'error'; text: string } | null>(null);
  const gone = error instanceof ApiError && error.code === 'not_found';

  async function keepAlive() {
    setRenewal(null);
    try {
      const res = await leasesApi.keepalive(id);
      setRenewal({ tone: 'info', text: t('renewed', { ttl: res.ttl }) });
      await mutate();
    } catch (e) {
      setRenewal({ tone: 'error', text: e instanceof Error ? e.message : String(e) });
    }
  }

  return (
    <Card
      as="section"
      padded
      aria-labelledby="lease-detail-heading"
      data-testid="lease-detail"
      data-lease={leaseHex(id)}
      className="flex flex-col gap-3"
    >
      <div className="flex items-start gap-2">
        <div className="min-w-0 flex-1">
          <h2 id="lease-detail-heading" className="font-semibold">
            {t('detailTitle')} <span className="font-mono">{leaseHex(id)}</span>
          </h2>
          <div className="font-mono text-xs text-zinc-500 dark:text-zinc-400">{t('decimal', { id })}</div>
        </div>
        <button
          type="button"
          onClick={onClose}
          aria-label={t('closeDetail')}
          className="rounded p-1 text-zinc-500 hover:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-sky-500 dark:hover:bg-zinc-800"
          data-testid="lease-detail-close"
        >
          <X className="size-4" aria-hidden />
        </button>
      </div>

      {gone ? (
        <Alert tone="info" testId="lease-gone">
          {t('gone')}
        </Alert>
      ) : error ? (
        <Alert tone="error">{error.message}</Alert>
      ) : null}

      {data && !gone ? (
        <>
          <dl className="grid grid-cols-[auto_1fr] items-center gap-x-4 gap-y-2 text-sm">
            <dt className="text-zinc-500 dark:text-zinc-400">{t('remaining')}</dt>
            <dd>
              <LeaseTtl ttl={data.ttl} grantedTtl={data.grantedTtl} receivedAt={data.receivedAt} now={now} />
            </dd>
            <dt className="text-zinc-500 dark:text-zinc-400">{t('granted')}</dt>
            <dd className="tabular-nums">{t('seconds', { count: data.grantedTtl })}</dd>
            <dt className="text-zinc-500 dark:text-zinc-400">{t('keys')}</dt>
            <dd className="tabular-nums" data-testid="lease-detail-count">
              {data.keys.length.toLocaleString()}
            </dd>
          </dl>

          {canChange ? (
            <div className="flex flex-wrap gap-2">
              <Button size="sm" onClick={() => void keepAlive()} data-testid="lease-keepalive">
                <RefreshCw className="size-3.5" aria-hidden />
                {t('keepAlive')}
              </Button>
              <Button
                size="sm"
                variant="danger"
                onClick={() => setConfirming(true)}
                data-testid="lease-revoke"
              >
                <Trash2 className="size-3.5" aria-hidden />
                {t('revoke')}
              </Button>
            </div>
          ) : null}
          {renewal ? (
            <Alert tone={renewal.tone} testId="lease-renewal">
              {renewal.text}
            </Alert>
          ) : null}

          <div>
            <h3 className="mb-1.5 text-xs font-medium tracking-wide text-zinc-500 uppercase dark:text-zinc-400">
              {t('attachedKeys')}
            </h3>
            {data.keys.length === 0 ? (
              <p className="text-sm text-zinc-500">{t('noKeys')}</p>
            ) : (
              <ul className="flex max-h-[50vh] flex-col gap-1 overflow-auto" data-testid="lease-detail-keys">
                {data.keys.map((k) => (
                  <li key={`${k.encoding}:${k.key}`} className="flex min-w-0">
                    <LeaseKeyLink item={k} />
                  </li>
                ))}
              </ul>
            )}
          </div>

          <ConfirmDialog
            open={confirming}
            onClose={() => setConfirming(false)}
            title={t('revokeTitle', { id: leaseHex(id) })}
            confirmLabel={t('revokeConfirm', { count: data.keys.length })}
            testId="revoke-dialog"
            onConfirm={async () => {
              await leasesApi.revoke(id);
              onRevoked();
              return undefined;
            }}
          >
            <p>{t('revokeBody', { count: data.keys.length })}</p>
            {data.keys.length > 0 ? (
              <ul
                className="max-h-48 overflow-auto rounded-md bg-zinc-50 px-3 py-2 font-mono text-xs dark:bg-zinc-800"
                data-testid="revoke-keys"
              >
                {data.keys.map((k) => (
                  <li key={`${k.encoding}:${k.key}`} className="break-all">
                    {k.key}
                  </li>
                ))}
              </ul>
            ) : null}
            <Alert tone="warning">{t('revokeWarning')}</Alert>
          </ConfirmDialog>
        </>
      ) : null}
    </Card>
  );
}
