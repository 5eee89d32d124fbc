'use client';
import { Archive, Camera, Scissors } from 'lucide-react';
import { useTranslations } from 'next-intl';
import { type ReactNode, useState } from 'react';
import { clusterApi } from '@/lib/client/cluster-api';
import { formatBytes } from '@/lib/format/bytes';
import { type ClusterView, useDefrag } from '@/lib/hooks/use-cluster';
import { Alert } from '../ui/alert';
import { Button } from '../ui/button';
import { Card } from '../ui/card';
import { ConfirmDialog } from '../ui/confirm-dialog';
import { CompactDialog } from './compact-dialog';
import { DefragProgress } from './defrag-progress';
import { SnapshotDialog } from './snapshot-dialog';

type Open = 'compact' | 'defrag' | 'snapshot' | null;

function ActionCard({
  icon,
  title,
  body,
  action,
}: {
  icon: ReactNode;
  title: string;
  body: ReactNode;
  action: ReactNode;
}) {
  return (
    <Card padded className="flex flex-col gap-2">
      <div className="flex items-center gap-2 font-medium">
        {icon}
        {title}
      </div>
      <div className="flex-1 text-sm text-zinc-600 dark:text-zinc-400">{body}</div>
      <div>{action}</div>
    </Card>
  );
}

/** Compaction, rolling defragmentation and snapshots: admins only, each behind a dialog that says what it does. */
export function MaintenancePanel({ view, onChanged }: { view: ClusterView; onChanged: () => void }) {
  const t = useTranslations('cluster.maintenance');
  const td = useTranslations('cluster.defrag');
  const [open, setOpen] = useState<Open>(null);
  const defrag = useDefrag();
  const running = defrag.data?.job?.state === 'running';
  const down = view.members.filter((m) => m.status === null);
  const sizes = view.members.flatMap((m) => (m.status ? [m.status] : []));
  const total = sizes.reduce((n, s) => n + s.dbSize, 0);
  const reclaimable = sizes.reduce((n, s) => n + Math.max(0, s.dbSize - s.dbSizeInUse), 0);
  const close = () => setOpen(null);

  return (
    <div className="flex flex-col gap-4">
      <div className="grid gap-4 md:grid-cols-3">
        <ActionCard
          icon={<Scissors className="size-4 text-zinc-500" aria-hidden />}
          title={t('compactTitle')}
          body={
            view.compactRevision === null
              ? t('compactBodyUnknown', { to: view.revision })
              : t('compactBody', { from: view.compactRevision, to: view.revision })
          }
          action={
            <Button onClick={() => setOpen('compact')} data-testid="compact-open">
              {t('compactAction')}
            </Button>
          }
        />
        <ActionCard
          icon={<Archive className="size-4 text-zinc-500" aria-hidden />}
          title={t('defragTitle')}
          body={
            <>
              {t('defragBody', { total: formatBytes(total), reclaimable: formatBytes(reclaimable) })}
              {down.length > 0 ? (
                <span className="mt-1 block text-red-700 dark:text-red-300" data-testid="defrag-blocked">
                  {t('defragBlocked', { members: down.map((m) => m.name || m.id).join(', ') })}
                </span>
              ) : null}
            </>
          }
          action={
            <Button
              onClick={() => setOpen('defrag')}
              disabled={running || down.length > 0}
              data-testid="defrag-open"
            >
              {running ? td('state.running') : t('defragAction')}
            </Button>
          }
        />
        <ActionCard
          icon={<Camera className="size-4 text-zinc-500" aria-hidden />}
          title={t('snapshotTitle')}
          body={t('snapshotBody')}
          action={
            <Button onClick={() => setOpen('snapshot')} data-testid="snapshot-open">
              {t('snapshotAction')}
            </Button>
          }
        />
      </div>

      <div className="flex flex-col gap-2">
        <h3 className="text-sm font-semibold text-zinc-700 dark:text-zinc-300">{td('heading')}</h3>
        {defrag.error ? <Alert tone="error">{defrag.error.message}</Alert> : null}
        {defrag.data ? <DefragProgress view={defrag.data} /> : null}
      </div>

      <CompactDialog
        open={open === 'compact'}
        onClose={close}
        revision={view.revision}
        compactRevision={view.compactRevision}
        onDone={onChanged}
      />
      <ConfirmDialog
        open={open === 'defrag'}
        onClose={close}
        title={td('confirmTitle')}
        confirmLabel={td('start')}
        tone="primary"
        testId="defrag-dialog"
        onConfirm={async () => {
          const res = await clusterApi.startDefrag();
          await defrag.mutate(res, { revalidate: false });
          return undefined;
        }}
      >
        <p>{td('consequence')}</p>
        <ol className="list-decimal pl-5 text-zinc-700 dark:text-zinc-300">
          {[...view.members]
            .sort((a, b) => Number(a.isLeader) - Number(b.isLeader) || a.name.localeCompare(b.name))
            .map((m) => (
              <li key={m.id}>
                {m.name || m.id}{' '}
                <span className="text-zinc-500">
                  ({td(`roles.${m.isLeader ? 'leader' : m.isLearner ? 'learner' : 'follower'}`)}
                  {m.status ? `, ${formatBytes(m.status.dbSize)}` : ''})
                </span>
              </li>
            ))}
        </ol>
        <Alert tone="warning">{td('warning')}</Alert>
      </ConfirmDialog>
      <SnapshotDialog open={open === 'snapshot'} onClose={close} members={view.members} />
    </div>
  );
}
