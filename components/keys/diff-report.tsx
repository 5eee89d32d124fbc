'use client';
import { useTranslations } from 'next-intl';
import type { KeyRef } from '@/lib/client/kv-api';
import { usePrefixDiff } from '@/lib/hooks/use-kv';
import type { KvItem } from '@/lib/kv/item';
import { Alert } from '../ui/alert';
import { Badge } from '../ui/badge';
import { Button } from '../ui/button';
import { Card } from '../ui/card';

/** "What changed in /config between revision R and now": added, removed and changed keys. */
export function DiffReport({
  prefix,
  from,
  to,
  onOpen,
  onClose,
}: {
  prefix: string;
  from: number;
  to?: number;
  onOpen: (ref: KeyRef) => void;
  onClose: () => void;
}) {
  const t = useTranslations('keys');
  const { data, error } = usePrefixDiff(prefix, from, to);
  return (
    <Card padded className="flex flex-col gap-3" data-testid="diff-report">
      <div className="flex items-center justify-between">
        <h2 className="font-medium">
          {t('diffTitle', { prefix: prefix || t('root'), from, to: data?.to ?? to ?? '…' })}
        </h2>
        <Button size="sm" variant="ghost" onClick={onClose}>
          {t('close')}
        </Button>
      </div>
      {error ? <Alert tone="error">{error.message}</Alert> : null}
      {data && data.added.length + data.removed.length + data.changed.length === 0 ? (
        <p className="text-sm text-zinc-500">{t('noChanges')}</p>
      ) : null}
      {data ? (
        <ul className="flex flex-col gap-1 text-sm">
          {data.added.map((i) => (
            <Row
              key={`a${i.key}`}
              tone="green"
              label={t('added')}
              item={i}
              onOpen={onOpen}
              detail={i.value}
            />
          ))}
          {data.changed.map((c) => (
            <Row
              key={`c${c.after.key}`}
              tone="amber"
              label={t('changed')}
              item={c.after}
              onOpen={onOpen}
              detail={`${c.before.value ?? ''} → ${c.after.value ?? ''}`}
            />
          ))}
          {data.removed.map((i) => (
            <Row
              key={`r${i.key}`}
              tone="red"
              label={t('removed')}
              item={i}
              onOpen={onOpen}
              detail={i.value}
            />
          ))}
        </ul>
      ) : null}
    </Card>
  );
}

function Row({
  tone,
  label,
  item,
  detail,
  onOpen,
}: {
  tone: 'green' | 'amber' | 'red';
  label: string;
  item: KvItem;
  detail?: string;
  onOpen: (ref: KeyRef) => void;
}) {
  return (
    <li className="flex items-baseline gap-2" data-testid={`diff-${tone}`}>
      <Badge tone={tone}>{label}</Badge>
      <button
        type="button"
        className="font-mono text-[13px] text-sky-700 hover:underline dark:text-sky-400"
        onClick={() => onOpen({ key: item.key, keyEncoding: item.keyEncoding })}
      >
        {item.key}
      </button>
      <span className="truncate font-mono text-xs text-zinc-500" title={detail}>
        {detail}
      </span>
    </li>
  );
}
