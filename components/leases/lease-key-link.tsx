import Link from 'next/link';
import { useTranslations } from 'next-intl';
import type { LeaseKey } from '@/lib/hooks/use-leases';
import { Badge } from '../ui/badge';

/** A key held by a lease: a link to it on the Keys page, or plain text with a note when outside the prefix. */
export function LeaseKeyLink({ item }: { item: LeaseKey }) {
  const t = useTranslations('leases');
  if (!item.inKeyspace) {
    return (
      <span className="inline-flex min-w-0 items-center gap-1.5" data-testid="lease-key">
        <span className="truncate font-mono text-xs" title={item.key}>
          {item.key}
        </span>
        <Badge>{t('outsidePrefix')}</Badge>
      </span>
    );
  }
  const q = new URLSearchParams({ key: item.key });
  if (item.encoding === 'base64') q.set('enc', 'base64');
  return (
    <Link
      href={`/keys?${q.toString()}`}
      data-testid="lease-key"
      title={item.key}
      className="inline-flex min-w-0 items-center gap-1.5 rounded font-mono text-xs text-sky-700 hover:underline focus-visible:outline-2 focus-visible:outline-sky-500 dark:text-sky-400"
    >
      <span className="truncate">{item.key}</span>
      {item.encoding === 'base64' ? <Badge>base64</Badge> : null}
    </Link>
  );
}
