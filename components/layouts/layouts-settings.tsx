'use client';
// The Layouts settings page: every layout with its switch (admins), what detection found, the declared ones, and
// the form to declare another. Everyone else sees the layouts that are on, read-only.
import { ArrowLeft } from 'lucide-react';
import Link from 'next/link';
import { useTranslations } from 'next-intl';
import type { DeclaredLayout, LayoutsAnswer } from '@/lib/client/layouts-api';
import { useMe } from '@/lib/hooks/use-me';
import { Alert } from '../ui/alert';
import { Button } from '../ui/button';
import { PageTitle } from '../ui/page-title';
import { DeclareLayoutForm } from './declare-layout-form';
import { LayoutRow, type LayoutView } from './layout-row';
import { type SaveProblem, useLayouts, useSaveLayouts } from './use-layouts';

export function LayoutsSettings() {
  const t = useTranslations('layouts');
  const { isAdmin } = useMe();
  const { admin, visible, forbidden } = useLayouts();
  const data = admin.data;
  const { save, reload, pending, problem } = useSaveLayouts(data);
  const editable = Boolean(data) && isAdmin;

  const toggle = (id: string, enabled: boolean) =>
    data &&
    save({
      ...data.settings,
      disabled: enabled
        ? data.settings.disabled.filter((d) => d !== id)
        : [...new Set([...data.settings.disabled, id])],
    });
  const remove = (id: string) =>
    data &&
    save({
      disabled: data.settings.disabled.filter((d) => d !== id),
      declared: data.settings.declared.filter((d) => d.id !== id),
    });
  const declare = (draft: DeclaredLayout) =>
    data ? save({ ...data.settings, declared: [...data.settings.declared, draft] }) : Promise.resolve(false);

  return (
    <div>
      <Link
        href="/services"
        className="mb-2 inline-flex items-center gap-1 rounded text-sm text-zinc-500 hover:text-zinc-900 focus-visible:outline-2 focus-visible:outline-sky-500 dark:text-zinc-400 dark:hover:text-zinc-100"
      >
        <ArrowLeft className="size-4" aria-hidden />
        {t('back')}
      </Link>
      <PageTitle>{t('title')}</PageTitle>
      <p className="-mt-3 mb-5 max-w-3xl text-sm text-zinc-600 dark:text-zinc-400">{t('intro')}</p>

      <SaveAlert problem={problem} onReload={reload} />
      {forbidden ? (
        <div className="mb-4">
          <Alert tone="info" testId="layouts-read-only">
            {t('readOnly')}
          </Alert>
        </div>
      ) : admin.error ? (
        <div className="mb-4">
          <Alert tone="error" title={t('unavailable')} testId="layouts-error">
            {admin.error instanceof Error ? admin.error.message : null}
          </Alert>
        </div>
      ) : null}

      {data ? (
        <>
          <LayoutList
            layouts={data.layouts}
            busy={pending}
            onToggle={editable ? toggle : undefined}
            onRemove={editable ? remove : undefined}
          />
          <DetectionNote detection={data.detection} />
          {editable ? (
            <DeclareLayoutForm
              takenIds={data.layouts.map((l) => l.id)}
              pending={pending}
              onDeclare={declare}
            />
          ) : null}
        </>
      ) : visible.data ? (
        <LayoutList layouts={visible.data.layouts.map((l) => ({ ...l, enabled: true }))} busy={false} />
      ) : !admin.error || forbidden ? (
        <div className="h-40 animate-pulse rounded-lg bg-zinc-100 dark:bg-zinc-900" aria-busy="true" />
      ) : null}
    </div>
  );
}

function LayoutList({
  layouts,
  busy,
  onToggle,
  onRemove,
}: {
  layouts: LayoutView[];
  busy: boolean;
  onToggle?: (id: string, enabled: boolean) => void;
  onRemove?: (id: string) => void;
}) {
  return (
    <ul
      data-testid="layouts-list"
      className="divide-y divide-zinc-100 rounded-lg border border-zinc-200 bg-white dark:divide-zinc-800 dark:border-zinc-800 dark:bg-zinc-900"
    >
      {layouts.map((l) => (
        <LayoutRow
          key={l.id}
          layout={l}
          busy={busy}
          onToggle={onToggle ? (enabled) => onToggle(l.id, enabled) : undefined}
          onRemove={onRemove && l.kind === 'declared' ? () => onRemove(l.id) : undefined}
        />
      ))}
    </ul>
  );
}

function DetectionNote({ detection }: { detection: LayoutsAnswer['detection'] }) {
  const t = useTranslations('layouts');
  if (!detection.detectedAt) return null;
  return (
    <p className="mt-2 text-xs text-zinc-500 dark:text-zinc-400">
      {t('detection', {
        at: new Date(detection.detectedAt).toLocaleTimeString(),
        leases: detection.leases,
      })}
      {detection.truncated ? ` ${t('detectionTruncated')}` : null}
    </p>
  );
}

function SaveAlert({ problem, onReload }: { problem: SaveProblem; onReload: () => void }) {
  const t = useTranslations('layouts');
  if (!problem) return null;
  return (
    <div className="mb-4">
      {problem.kind === 'conflict' ? (
        <Alert tone="warning" title={t('conflict.title')} testId="layouts-conflict">
          <div className="flex flex-wrap items-center gap-3">
            <span>{t('conflict.body')}</span>
            <Button size="sm" onClick={onReload} data-testid="layouts-reload">
              {t('conflict.reload')}
            </Button>
          </div>
        </Alert>
      ) : (
        <Alert tone="error" title={t('saveFailed')} testId="layouts-save-error">
          {problem.message}
        </Alert>
      )}
    </div>
  );
}
