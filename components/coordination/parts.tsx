'use client';
// Small pieces shared by the Coordination list and detail: kind badge, how long held, one contender.
import { useFormatter, useTranslations } from 'next-intl';
import type { Contender, CoordinationEntry } from '@/lib/coordination/schemas';
import { useClock } from '@/lib/hooks/use-clock';
import { isExpiring } from '@/lib/registry/lease-time';
import { TtlCountdown } from '../services/ttl-countdown';
import { Badge } from '../ui/badge';

export function KindBadge({ entry }: { entry: Pick<CoordinationEntry, 'kind' | 'kindGuessed'> }) {
  const t = useTranslations('coordination.kind');
  if (entry.kind === 'patroni') return <Badge tone="violet">{t('patroni')}</Badge>;
  if (entry.kind === 'election') return <Badge tone="blue">{t('election')}</Badge>;
  // An election whose candidates proposed "" looks exactly like a lock.
  return (
    <span title={entry.kindGuessed ? t('guessedHint') : undefined}>
      <Badge tone="gray">{entry.kindGuessed ? t('electionOrLock') : t('lock')}</Badge>
    </span>
  );
}

function duration(ms: number): { h: number; m: number; s: number } {
  const total = Math.max(0, Math.floor(ms / 1000));
  return { h: Math.floor(total / 3600), m: Math.floor((total % 3600) / 60), s: total % 60 };
}

/** "2m 5s" since the holder took over; "≥ 2m 5s" when the console only first saw it then. */
export function HeldFor({ since }: { since: CoordinationEntry['heldSince'] }) {
  const t = useTranslations('coordination');
  const format = useFormatter();
  const now = useClock();
  if (!since) return <span className="text-zinc-400">—</span>;
  const d = duration((now ?? since.at) - since.at);
  const text = d.h > 0 ? t('hms', d) : d.m > 0 ? t('ms', d) : t('s', d);
  return (
    <span
      data-testid="held-for"
      className="whitespace-nowrap tabular-nums"
      title={`${since.observed ? t('heldSinceObserved') : t('heldSinceFirstSeen')} ${format.dateTime(new Date(since.at), { dateStyle: 'medium', timeStyle: 'medium' })}`}
    >
      {since.observed ? text : t('atLeast', { text })}
    </span>
  );
}

/** The contender's value: an election's proposal, a Patroni leader's member name; "" (a lock) shown as such. */
export function ContenderValue({ contender }: { contender: Contender }) {
  const t = useTranslations('coordination');
  if (contender.value === '') return <span className="text-zinc-400 italic">{t('emptyValue')}</span>;
  return (
    <span className="font-mono break-all" data-testid="contender-value">
      {contender.valueEncoding === 'base64' ? `base64:${contender.value}` : contender.value}
      {contender.valueTruncated ? '…' : ''}
    </span>
  );
}

export function ContenderTtl({ contender, receivedAt }: { contender: Contender; receivedAt: number }) {
  return (
    <TtlCountdown
      lease={contender.lease === '0' ? null : contender.lease}
      ttl={contender.ttl}
      grantedTtl={contender.grantedTtl}
      receivedAt={receivedAt}
      expiring={isExpiring(
        contender.lease === '0' ? null : contender.lease,
        contender.ttl,
        contender.grantedTtl,
      )}
    />
  );
}

/** One contender on one line: value, key (its lease in hex), TTL. */
export function ContenderLine({
  contender,
  receivedAt,
  testId,
}: {
  contender: Contender;
  receivedAt: number;
  testId: string;
}) {
  return (
    <div
      className="flex items-start justify-between gap-3"
      data-testid={testId}
      data-key={contender.key}
      data-value={contender.value}
    >
      <div className="min-w-0">
        <ContenderValue contender={contender} />
        <div className="truncate font-mono text-xs text-zinc-500 dark:text-zinc-400" title={contender.key}>
          {contender.key}
        </div>
      </div>
      <ContenderTtl contender={contender} receivedAt={receivedAt} />
    </div>
  );
}
