'use client';
import { ShieldCheck, ShieldOff } from 'lucide-react';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { etcdAuthApi } from '@/lib/client/etcd-auth-api';
import type { EtcdAuthStatus } from '@/lib/hooks/use-etcd-auth';
import { Alert } from '../ui/alert';
import { Badge } from '../ui/badge';
import { Button } from '../ui/button';
import { Card } from '../ui/card';
import { ConfirmDialog } from '../ui/confirm-dialog';

/** Whether etcd checks credentials, whether it could (root user with the root role), and the switch. */
export function AuthStatusPanel({ status, onChanged }: { status: EtcdAuthStatus; onChanged: () => void }) {
  const t = useTranslations('etcdAuth.status');
  const [open, setOpen] = useState<'enable' | 'disable' | null>(null);
  const rootReady = status.root?.exists === true && status.root.hasRootRole;
  const rootText =
    status.root === null
      ? t('rootUnknown')
      : !status.root.exists
        ? t('rootMissing')
        : status.root.hasRootRole
          ? t('rootReady')
          : t('rootWithoutRole');
  return (
    <Card
      padded
      className="flex flex-wrap items-center gap-x-6 gap-y-3"
      data-testid="auth-status"
      data-enabled={status.enabled ? 'true' : 'false'}
    >
      <div className="flex items-center gap-2">
        {status.enabled ? (
          <ShieldCheck className="size-5 text-emerald-600 dark:text-emerald-400" aria-hidden />
        ) : (
          <ShieldOff className="size-5 text-zinc-400" aria-hidden />
        )}
        <span className="font-medium">{t('label')}</span>
        <Badge tone={status.enabled ? 'green' : 'gray'} testId="auth-state">
          {status.enabled ? t('enabled') : t('disabled')}
        </Badge>
      </div>
      <div className="flex items-center gap-2 text-sm">
        <span className="text-zinc-500 dark:text-zinc-400">{t('root')}</span>
        <Badge tone={rootReady ? 'green' : status.root === null ? 'gray' : 'amber'} testId="auth-root">
          {rootText}
        </Badge>
      </div>
      {status.authRevision !== null ? (
        <div className="text-sm text-zinc-500 tabular-nums dark:text-zinc-400">
          {t('authRevision', { revision: status.authRevision })}
        </div>
      ) : null}
      <div className="ml-auto">
        {status.enabled ? (
          <Button variant="danger" onClick={() => setOpen('disable')} data-testid="auth-disable">
            {t('disable')}
          </Button>
        ) : (
          <Button variant="primary" onClick={() => setOpen('enable')} data-testid="auth-enable">
            {t('enable')}
          </Button>
        )}
      </div>
      <p className="basis-full text-xs text-zinc-500 dark:text-zinc-400">{t('hint')}</p>

      <ConfirmDialog
        open={open !== null}
        onClose={() => setOpen(null)}
        title={open === 'disable' ? t('disableTitle') : t('enableTitle')}
        confirmLabel={open === 'disable' ? t('disableConfirm') : t('enableConfirm')}
        tone={open === 'disable' ? 'danger' : 'primary'}
        testId="auth-toggle-dialog"
        onConfirm={async () => {
          const res = open === 'disable' ? await etcdAuthApi.disable() : await etcdAuthApi.enable();
          onChanged();
          return res.note;
        }}
      >
        {open === 'disable' ? (
          <>
            <p>{t('disableConsequence')}</p>
            <Alert tone="warning">{t('disableConsole')}</Alert>
          </>
        ) : (
          <>
            <p>{t('enableConsequence')}</p>
            <Alert tone="warning">{t('enableConsole')}</Alert>
            {!rootReady ? (
              <Alert tone="error" testId="auth-root-warning">
                {status.root === null
                  ? t('rootUnknownWarning')
                  : status.root.exists
                    ? t('rootRoleWarning')
                    : t('rootWarning')}
              </Alert>
            ) : null}
          </>
        )}
      </ConfirmDialog>
    </Card>
  );
}
