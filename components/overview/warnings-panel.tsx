'use client';
// The alert conditions of deploy/prometheus/alerts.yml that hold now, each linking to the page of its culprit.
import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { Alert } from '../ui/alert';
import { useOverviewWarnings } from './use-overview-warnings';

const CRITICAL = new Set([
  'ServiceNoHealthyInstance',
  'EtcdAlarmActive',
  'EtcdMemberUnreachable',
  'EtcdNoLeader',
  'ConsoleEtcdUnavailable',
]);

export function WarningsPanel() {
  const t = useTranslations('overviewWarnings');
  const { data, error } = useOverviewWarnings();
  if (error) return <p className="text-sm text-zinc-500">{t('unavailable')}</p>;
  if (!data) return null;
  return (
    <section className="mb-6" data-testid="overview-warnings">
      <h2 className="mb-3 text-sm font-semibold text-zinc-700 dark:text-zinc-300">{t('title')}</h2>
      {data.warnings.length === 0 ? (
        <p className="text-sm text-zinc-500" data-testid="overview-warnings-none">
          {t('none')}
        </p>
      ) : (
        <ul className="space-y-2">
          {data.warnings.map((w) => (
            <li key={`${w.kind}\u0000${w.subject}`} data-testid="overview-warning" data-kind={w.kind}>
              <Alert tone={CRITICAL.has(w.kind) ? 'error' : 'warning'}>
                <span>{t(`kind.${w.kind}`, { subject: w.subject, value: w.value ?? '' })}</span>{' '}
                <Link href={w.href} className="font-medium underline underline-offset-2">
                  {t('open')}
                </Link>
              </Alert>
            </li>
          ))}
        </ul>
      )}
      {data.keyspace ? null : <p className="mt-2 text-xs text-zinc-500">{t('scopedOnly')}</p>}
    </section>
  );
}
