'use client';
import { Lock } from 'lucide-react';
import { useTranslations } from 'next-intl';
import type { EncryptedValue } from '@/lib/values/encrypted';

/** A value the Kubernetes API server encrypted: who encrypted it, never the ciphertext as text. */
export function EncryptedCard({ value }: { value: EncryptedValue }) {
  const t = useTranslations('values');
  return (
    <div
      className="rounded-lg border border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-950 dark:border-amber-900 dark:bg-amber-950 dark:text-amber-100"
      data-testid="encrypted-card"
    >
      <div className="flex items-center gap-2 font-medium">
        <Lock className="size-4" aria-hidden /> {t('encryptedTitle')}
      </div>
      <dl className="mt-2 grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1">
        <dt>{t('provider')}</dt>
        <dd className="font-mono" data-testid="encrypted-provider">
          {value.provider}
          {value.version ? ` ${value.version}` : ''}
        </dd>
        <dt>{t('keyName')}</dt>
        <dd className="font-mono" data-testid="encrypted-key-name">
          {value.keyName || '—'}
        </dd>
        <dt>{t('ciphertext')}</dt>
        <dd>{t('bytes', { size: value.ciphertextBytes })}</dd>
      </dl>
      <p className="mt-2 text-xs opacity-80">{t('encryptedNote')}</p>
    </div>
  );
}
