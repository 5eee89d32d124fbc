'use client';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { clusterApi } from '@/lib/client/cluster-api';
import { hexId } from '@/lib/format/etcd-id';
import type { ClusterAlarm } from '@/lib/hooks/use-cluster';
import { Alert } from '../ui/alert';
import { Badge } from '../ui/badge';
import { Button } from '../ui/button';
import { ConfirmDialog } from '../ui/confirm-dialog';

/** Active alarms with why each fired; an admin may disarm one after reading why (and what disarming does not do). */
export function AlarmsPanel({
  alarms,
  isAdmin,
  onChanged,
}: {
  alarms: ClusterAlarm[] | null;
  isAdmin: boolean;
  onChanged: () => void;
}) {
  const t = useTranslations('cluster.alarms');
  const [target, setTarget] = useState<ClusterAlarm | null>(null);

  if (alarms === null) {
    return (
      <Alert tone="warning" testId="alarms-unknown">
        {t('unknown')}
      </Alert>
    );
  }
  if (alarms.length === 0) {
    return (
      <p className="text-sm text-zinc-500 dark:text-zinc-400" data-testid="alarms-none">
        {t('none')}
      </p>
    );
  }
  return (
    <>
      <ul className="flex flex-col gap-2" data-testid="alarms-list">
        {alarms.map((a) => (
          <li
            key={`${a.memberId}-${a.alarm}`}
            data-testid="alarm-row"
            data-alarm={a.alarm}
            className="flex flex-wrap items-start gap-3 rounded-lg border border-red-200 bg-red-50 px-4 py-3 text-sm dark:border-red-900 dark:bg-red-950/50"
          >
            <Badge tone="red">{a.alarm}</Badge>
            <div className="min-w-0 flex-1">
              <div className="font-medium text-red-900 dark:text-red-200">
                {t('onMember', { member: a.memberName ?? hexId(a.memberId) })}
              </div>
              <p className="mt-0.5 text-red-800 dark:text-red-300" data-testid="alarm-reason">
                {a.reason}
              </p>
              <p className="mt-1 text-xs text-red-700/80 dark:text-red-300/80">{t(`hint.${a.alarm}`)}</p>
            </div>
            {isAdmin ? (
              <Button size="sm" onClick={() => setTarget(a)} data-testid="disarm-alarm">
                {t('disarm')}
              </Button>
            ) : null}
          </li>
        ))}
      </ul>
      <ConfirmDialog
        open={target !== null}
        onClose={() => setTarget(null)}
        title={target ? t('confirmTitle', { alarm: target.alarm }) : ''}
        confirmLabel={t('disarm')}
        testId="disarm-dialog"
        onConfirm={async () => {
          if (!target) return undefined;
          const res = await clusterApi.disarm({ memberId: target.memberId, alarm: target.alarm });
          onChanged();
          return t('result', { disarmed: res.disarmed.length, remaining: res.remaining.length });
        }}
      >
        {target ? (
          <>
            <p>{t('whyFired', { member: target.memberName ?? hexId(target.memberId) })}</p>
            <p className="rounded-md bg-zinc-50 px-3 py-2 text-zinc-700 dark:bg-zinc-800 dark:text-zinc-200">
              {target.reason}
            </p>
            <Alert tone="warning">{t(`consequence.${target.alarm}`)}</Alert>
          </>
        ) : null}
      </ConfirmDialog>
    </>
  );
}
