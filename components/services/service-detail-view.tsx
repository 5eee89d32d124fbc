'use client';
import { ArrowLeft } from 'lucide-react';
import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { useRef, useState } from 'react';
import { useSWRConfig } from 'swr';
import { servicesKeys } from '@/lib/client/services-api';
import { leaseHex } from '@/lib/format/lease-id';
import {
  serviceWatchPrefixes,
  type TimedServiceDetail,
  useService,
  useServiceTimeline,
} from '@/lib/hooks/use-services';
import { isExpiring } from '@/lib/registry/lease-time';
import type { InstanceDetail } from '@/lib/registry/schemas';
import { Alert } from '../ui/alert';
import { Badge } from '../ui/badge';
import { PageTitle } from '../ui/page-title';
import { type ActionOutcome, type InstanceAction, InstanceActionDialog } from './instance-action-dialog';
import { InstancesTable } from './instances-table';
import { PickTester } from './pick-tester';
import { ServiceLayoutInfo } from './service-layout-info';
import { ServiceTimelineView } from './service-timeline';

export function ServiceDetailView({
  name,
  layout,
  initial,
}: {
  name: string;
  layout: string;
  initial?: TimedServiceDetail;
}) {
  const t = useTranslations('services');
  const { mutate } = useSWRConfig();
  const { data, error } = useService(name, layout, initial);
  const watched = serviceWatchPrefixes(name, data?.layout ?? { id: layout, roots: [] });
  const timeline = useServiceTimeline(name, layout, watched);
  const [open, setOpen] = useState<{ action: InstanceAction; instance: InstanceDetail } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  // The button that opened the dialog gets focus back when it closes (if its row is still there).
  const opener = useRef<Element | null>(null);

  function openAction(action: InstanceAction, instance: InstanceDetail) {
    opener.current = document.activeElement;
    setOpen({ action, instance });
  }

  function close() {
    setOpen(null);
    requestAnimationFrame(() => {
      const target = opener.current;
      if (target instanceof HTMLElement && target.isConnected) target.focus();
    });
  }

  function done(outcome: ActionOutcome) {
    close();
    if (outcome.action === 'deregister') {
      const { revokedLease, removedKeys } = outcome.answer;
      setNotice(
        revokedLease
          ? t('notices.revoked', { id: outcome.id, lease: leaseHex(revokedLease), count: removedKeys.length })
          : t('notices.deleted', { id: outcome.id }),
      );
    } else {
      setNotice(t(`notices.${outcome.action}`, { id: outcome.id }));
    }
    // The live stream would refetch too; do it now so the change shows at once.
    void mutate(servicesKeys.detail(name, layout));
    void mutate(servicesKeys.timeline(name, layout));
  }

  const instances = data?.instances ?? [];
  const expiring = instances.filter((i) => isExpiring(i.lease, i.ttl, i.grantedTtl)).length;
  const invalid = instances.filter((i) => i.status === 'invalid').length;

  return (
    <div>
      <Link
        href="/services"
        className="mb-2 inline-flex items-center gap-1 rounded text-sm text-zinc-500 hover:text-zinc-900 focus-visible:outline-2 focus-visible:outline-sky-500 dark:text-zinc-400 dark:hover:text-zinc-100"
        data-testid="back-to-services"
      >
        <ArrowLeft className="size-4" aria-hidden />
        {t('title')}
      </Link>
      <PageTitle>
        <span className="font-mono">{name}</span>
      </PageTitle>

      {data ? (
        <div className="-mt-3 mb-5 flex flex-wrap items-center gap-2 text-sm" data-testid="service-counts">
          <span className="text-zinc-600 dark:text-zinc-400">
            {t('counts.instances', { count: instances.length })}
          </span>
          {instances.length > 0 ? (
            <Badge tone={data.up > 0 ? 'green' : 'red'}>{t('counts.up', { count: data.up })}</Badge>
          ) : null}
          {data.draining > 0 ? (
            <Badge tone="amber">{t('counts.draining', { count: data.draining })}</Badge>
          ) : null}
          {invalid > 0 ? <Badge tone="red">{t('counts.invalid', { count: invalid })}</Badge> : null}
          {expiring > 0 ? <Badge tone="amber">{t('counts.expiring', { count: expiring })}</Badge> : null}
          <span className="ml-auto text-xs text-zinc-500 dark:text-zinc-400">
            {t('atRevision', { revision: data.revision })}
          </span>
        </div>
      ) : null}

      {data ? <ServiceLayoutInfo layout={data.layout} watched={watched} /> : null}

      {error ? (
        <div className="mb-4">
          <Alert tone="error" title={t('unavailable')} testId="service-error">
            {error instanceof Error ? error.message : null}
          </Alert>
        </div>
      ) : null}

      {notice ? (
        <div className="mb-4 flex items-start gap-2" data-testid="action-notice">
          <div className="flex-1">
            <Alert tone="info">{notice}</Alert>
          </div>
          <button
            type="button"
            onClick={() => setNotice(null)}
            className="rounded px-2 py-3 text-xs text-zinc-500 hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-zinc-100"
          >
            {t('notices.dismiss')}
          </button>
        </div>
      ) : null}

      <section aria-labelledby="instances-title">
        <h2 id="instances-title" className="sr-only">
          {t('instances.title')}
        </h2>
        {data && instances.length > 0 ? (
          <InstancesTable detail={data} onAction={openAction} />
        ) : data ? (
          <div
            data-testid="no-instances"
            className="rounded-lg border border-dashed border-zinc-300 p-8 text-center text-sm text-zinc-500 dark:border-zinc-700 dark:text-zinc-400"
          >
            <div className="font-medium text-zinc-700 dark:text-zinc-300">
              {t('instances.emptyTitle', { name })}
            </div>
            <p className="mt-1">{t('instances.emptyBody')}</p>
          </div>
        ) : !error ? (
          <div className="h-32 animate-pulse rounded-lg bg-zinc-100 dark:bg-zinc-900" aria-busy="true" />
        ) : null}
      </section>

      <div className="mt-8 grid gap-6 lg:grid-cols-[minmax(0,24rem)_minmax(0,1fr)]">
        <div>
          <PickTester service={name} layout={layout} />
        </div>
        <ServiceTimelineView timeline={timeline.data} current={instances} error={timeline.error} />
      </div>

      {open && data ? (
        <InstanceActionDialog
          key={`${open.action}-${open.instance.id}`}
          service={name}
          layout={data.layout}
          action={open.action}
          instance={open.instance}
          onClose={close}
          onDone={done}
        />
      ) : null}
    </div>
  );
}
