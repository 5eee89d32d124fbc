'use client';
import { Download } from 'lucide-react';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import useSWRInfinite, { unstable_serialize } from 'swr/infinite';
import type { AuditPage as AuditTrailPage } from '@/lib/audit/list';
import { swrFetcher } from '@/lib/client/fetcher';
import { useLiveRevalidate } from '@/lib/live/use-live';
import { Alert } from '../ui/alert';
import { Button } from '../ui/button';
import { DataTable } from '../ui/data-table';
import { Input } from '../ui/input';
import { PageTitle } from '../ui/page-title';
import { useAuditColumns } from './audit-columns';

type Filters = { actor: string; action: string; key: string; since: string; until: string };
const empty: Filters = { actor: '', action: '', key: '', since: '', until: '' };

function query(f: Filters): string {
  const q = new URLSearchParams();
  if (f.actor) q.set('actor', f.actor);
  if (f.action) q.set('action', f.action);
  if (f.key) q.set('key', f.key);
  if (f.since) q.set('since', new Date(f.since).toISOString());
  if (f.until) q.set('until', new Date(f.until).toISOString());
  return q.toString();
}

const PAGE_SIZE = 200;

/** The first page of the filtered trail, then each older one before the `nextCursor` of the page before it. */
function auditPageKey(filterQuery: string) {
  return (index: number, previous: AuditTrailPage | null) => {
    const q = new URLSearchParams(filterQuery);
    q.set('limit', String(PAGE_SIZE));
    if (index > 0) {
      if (!previous?.nextCursor) return null;
      q.set('cursor', previous.nextCursor);
    }
    return `/api/v1/audit?${q}`;
  };
}

/**
 * The trail newest first, a page at a time ("older entries"). A new record refetches the first page; the older
 * pages loaded follow on from its cursor, so they are read again when it moved: no record is skipped or shown twice.
 */
function useAuditTrail(filterQuery: string) {
  const pageKey = auditPageKey(filterQuery);
  const result = useSWRInfinite<AuditTrailPage>(pageKey, swrFetcher);
  useLiveRevalidate('/_console/audit/', [unstable_serialize(pageKey)], 500);
  const { data, error, size, setSize } = result;
  const pages = data ?? [];
  return {
    /** undefined until the first page came. */
    entries: data ? pages.flatMap((p) => p.entries) : undefined,
    /** Records examined over every page loaded. */
    scanned: pages.reduce((sum, p) => sum + p.scanned, 0),
    error,
    older: Boolean(pages.at(-1)?.nextCursor),
    /** An older page was asked for and has not come yet. */
    loadingOlder: Boolean(data) && size > pages.length && !error,
    loadOlder: () => setSize(pages.length + 1),
  };
}

export function AuditPage() {
  const t = useTranslations('audit');
  const [draft, setDraft] = useState<Filters>(empty);
  const [filters, setFilters] = useState<Filters>(empty);
  const { entries, scanned, error, older, loadingOlder, loadOlder } = useAuditTrail(query(filters));
  const columns = useAuditColumns();
  const field = (name: keyof Filters, label: string, type = 'text') => (
    <label className="flex flex-col gap-1 text-xs text-zinc-500">
      {label}
      <Input
        type={type}
        value={draft[name]}
        onChange={(e) => setDraft({ ...draft, [name]: e.target.value })}
        className="h-8"
        data-testid={`audit-${name}`}
      />
    </label>
  );
  return (
    <div className="flex flex-col gap-4">
      <PageTitle
        actions={
          <a
            href={`/api/v1/audit/export?${query(filters)}`}
            className="inline-flex h-9 items-center gap-1.5 rounded-md border border-zinc-300 px-3 text-sm hover:bg-zinc-50 dark:border-zinc-700 dark:hover:bg-zinc-800"
          >
            <Download className="size-4" aria-hidden /> {t('export')}
          </a>
        }
      >
        {t('title')}
      </PageTitle>
      <p className="-mt-4 text-sm text-zinc-600 dark:text-zinc-400">{t('intro')}</p>
      <form
        className="flex flex-wrap items-end gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          setFilters(draft);
        }}
      >
        {field('actor', t('actor'))}
        {field('action', t('action'))}
        {field('key', t('key'))}
        {field('since', t('since'), 'datetime-local')}
        {field('until', t('until'), 'datetime-local')}
        <Button type="submit" variant="primary" size="sm" className="h-8">
          {t('apply')}
        </Button>
      </form>
      {error ? <Alert tone="error">{error.message}</Alert> : null}
      <DataTable
        columns={columns}
        rows={entries}
        rowKey={(e) => `${e.time}-${e.revision}-${e.action}`}
        rowProps={() => ({ 'data-testid': 'audit-row' })}
        testId="audit-table"
        dense
        stickyHeader
        className="max-h-[70vh]"
        empty={older ? t('emptySoFar') : t('empty')}
      />
      {entries ? (
        <div className="flex flex-wrap items-center gap-3">
          {older ? (
            <Button
              size="sm"
              onClick={() => void loadOlder()}
              disabled={loadingOlder}
              data-testid="audit-older"
            >
              {loadingOlder ? t('loadingOlder') : t('older')}
            </Button>
          ) : null}
          <p className="text-xs text-zinc-500">{t('scanned', { count: scanned })}</p>
        </div>
      ) : null}
    </div>
  );
}
