'use client';
import { useTranslations } from 'next-intl';
import { useEffect, useState } from 'react';
import { clusterApi } from '@/lib/client/cluster-api';
import { Alert } from '../ui/alert';
import { ConfirmDialog } from '../ui/confirm-dialog';
import { Input } from '../ui/input';

/** Compaction to a revision (the current one by default), with what is lost said plainly. */
export function CompactDialog({
  open,
  onClose,
  revision,
  compactRevision,
  onDone,
}: {
  open: boolean;
  onClose: () => void;
  revision: number;
  compactRevision: number | null;
  onDone: () => void;
}) {
  const t = useTranslations('cluster.compact');
  const [target, setTarget] = useState(String(revision));
  const [physical, setPhysical] = useState(true);
  // Each opening starts from the revision the cluster is at now (not on every new revision while open).
  useEffect(() => {
    if (open) setTarget(String(revision));
  }, [open]);
  const value = Number(target);
  const valid =
    Number.isInteger(value) &&
    value >= 1 &&
    value <= revision &&
    (compactRevision === null || value > compactRevision);
  return (
    <ConfirmDialog
      open={open}
      onClose={onClose}
      title={t('title')}
      confirmLabel={t('confirm', { revision: valid ? value : '…' })}
      confirmDisabled={!valid}
      focusCancel={false}
      testId="compact-dialog"
      onConfirm={async () => {
        const res = await clusterApi.compact(value, physical);
        onDone();
        return t('done', { revision: res.compactRevision });
      }}
    >
      <Alert tone="warning" title={t('irreversible')}>
        {t('consequence', { revision: valid ? value : '…' })}
      </Alert>
      <label className="flex flex-col gap-1">
        <span className="text-xs text-zinc-500 dark:text-zinc-400">
          {t('revisionLabel', { current: revision })}
        </span>
        <Input
          type="number"
          inputMode="numeric"
          min={compactRevision ? compactRevision + 1 : 1}
          max={revision}
          value={target}
          autoFocus
          onChange={(e) => setTarget(e.target.value)}
          className="font-mono tabular-nums"
          data-testid="compact-revision-input"
          aria-invalid={!valid}
        />
        <span className="text-xs text-zinc-500 dark:text-zinc-400">
          {compactRevision === null
            ? t('compactUnknown')
            : compactRevision === 0
              ? t('fullHistory')
              : t('keptFrom', { revision: compactRevision })}
        </span>
      </label>
      <label className="flex items-start gap-2">
        <input
          type="checkbox"
          checked={physical}
          onChange={(e) => setPhysical(e.target.checked)}
          className="mt-0.5 size-4 accent-sky-600"
          data-testid="compact-physical"
        />
        <span>
          {t('physical')}
          <span className="block text-xs text-zinc-500 dark:text-zinc-400">{t('physicalHint')}</span>
        </span>
      </label>
    </ConfirmDialog>
  );
}
