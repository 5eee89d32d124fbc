'use client';
import { Download } from 'lucide-react';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { clusterApi } from '@/lib/client/cluster-api';
import { hexId } from '@/lib/format/etcd-id';
import type { ClusterMember } from '@/lib/hooks/use-cluster';
import { Alert } from '../ui/alert';
import { Button } from '../ui/button';
import { Dialog } from '../ui/dialog';
import { Select } from '../ui/input';

/** A snapshot download, after saying what the file holds; streamed by the server, never buffered whole. */
export function SnapshotDialog({
  open,
  onClose,
  members,
}: {
  open: boolean;
  onClose: () => void;
  members: ClusterMember[];
}) {
  const t = useTranslations('cluster.snapshot');
  const tc = useTranslations('common');
  const [memberId, setMemberId] = useState('');
  const answering = members.filter((m) => m.status !== null);
  return (
    <Dialog
      open={open}
      onClose={onClose}
      title={t('title')}
      testId="snapshot-dialog"
      footer={
        <>
          <Button onClick={onClose}>{tc('cancel')}</Button>
          <a
            href={clusterApi.snapshotUrl(memberId || undefined)}
            download
            onClick={onClose}
            data-testid="snapshot-download"
            className="inline-flex h-9 items-center gap-1.5 rounded-md bg-sky-600 px-3.5 text-sm font-medium text-white hover:bg-sky-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-500 dark:bg-sky-500 dark:text-zinc-950 dark:hover:bg-sky-400"
          >
            <Download className="size-4" aria-hidden />
            {t('download')}
          </a>
        </>
      }
    >
      <div className="space-y-3">
        <Alert tone="warning">{t('consequence')}</Alert>
        <label className="flex flex-col gap-1">
          <span className="text-xs text-zinc-500 dark:text-zinc-400">{t('from')}</span>
          <Select
            value={memberId}
            onChange={(e) => setMemberId(e.target.value)}
            data-testid="snapshot-member"
            autoFocus
          >
            <option value="">{t('anyMember')}</option>
            {answering.map((m) => (
              <option key={m.id} value={m.id}>
                {m.name || hexId(m.id)}
                {m.isLeader ? ` (${t('leader')})` : ''}
              </option>
            ))}
          </Select>
        </label>
        <p className="text-xs text-zinc-500 dark:text-zinc-400">{t('restoreHint')}</p>
      </div>
    </Dialog>
  );
}
