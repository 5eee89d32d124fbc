import { Clock } from 'lucide-react';
import { useTranslations } from 'next-intl';
import type { InstanceItem } from '@/lib/registry/schemas';
import { Badge } from '../ui/badge';

const tone = { up: 'green', draining: 'amber', invalid: 'red' } as const;

export function InstanceStatusBadge({ status }: { status: InstanceItem['status'] }) {
  const t = useTranslations('services.status');
  return (
    <span data-testid="instance-status" data-status={status}>
      <Badge tone={tone[status]}>{t(status)}</Badge>
    </span>
  );
}

export function ExpiringBadge({ label }: { label: string }) {
  return (
    <span
      data-testid="expiring"
      className="inline-flex items-center gap-1 rounded bg-orange-100 px-1.5 py-0.5 text-xs font-medium text-orange-800 dark:bg-orange-950 dark:text-orange-300"
    >
      <Clock className="size-3" aria-hidden />
      {label}
    </span>
  );
}
