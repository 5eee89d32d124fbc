'use client';
import { Ban, RotateCcw } from 'lucide-react';
import { useTranslations } from 'next-intl';
import { useEffect, useRef, useState } from 'react';
import { type CommandSummary, type CreatedCommand, dispatchApi } from '@/lib/client/dispatch-api';
import { useMe } from '@/lib/hooks/use-me';
import { Alert } from '../ui/alert';
import { Button } from '../ui/button';
import { Dialog } from '../ui/dialog';

type Action = 'cancel' | 'retry';

/** Cancel (while queued or running) or retry (once finished), each behind a confirmation. */
export function CommandActions({
  command,
  onDone,
  onRetried,
  size = 'sm',
}: {
  command: Pick<CommandSummary, 'id' | 'state' | 'type' | 'group' | 'cancelRequested'>;
  onDone?: () => void;
  onRetried?: (created: CreatedCommand) => void;
  size?: 'sm' | 'md';
}) {
  const t = useTranslations('workers.actions');
  const { canOperate } = useMe();
  const [open, setOpen] = useState<Action | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const trigger = useRef<HTMLButtonElement>(null);
  const safe = useRef<HTMLButtonElement>(null);
  const active = command.state === 'queued' || command.state === 'running';
  const action: Action = active ? 'cancel' : 'retry';
  // The command may finish (or be cancelled elsewhere) while the dialog is open.
  const stale = (open === 'cancel' && !active) || (open === 'retry' && active);

  // Focus the harmless choice when the dialog opens; give focus back to the button when it closes.
  useEffect(() => {
    if (open) safe.current?.focus();
  }, [open]);
  function close() {
    setOpen(null);
    setError(null);
    trigger.current?.focus();
  }

  async function confirm() {
    setBusy(true);
    setError(null);
    try {
      if (open === 'cancel') await dispatchApi.cancel(command.id);
      else onRetried?.(await dispatchApi.retry(command.id));
      onDone?.();
      close();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  }

  if (!canOperate) return null;
  return (
    <>
      <Button
        ref={trigger}
        size={size}
        variant={active ? 'secondary' : 'ghost'}
        onClick={() => setOpen(action)}
        disabled={active && command.cancelRequested}
        data-testid={active ? 'cancel-command' : 'retry-command'}
        aria-label={`${active ? t('cancel') : t('retry')} ${command.id}`}
      >
        {active ? <Ban className="size-3.5" aria-hidden /> : <RotateCcw className="size-3.5" aria-hidden />}
        {active ? (command.cancelRequested ? t('cancelling') : t('cancel')) : t('retry')}
      </Button>
      <Dialog
        open={open !== null}
        onClose={close}
        title={open === 'cancel' ? t('cancelTitle') : t('retryTitle')}
        testId="confirm-dialog"
        footer={
          <>
            <Button ref={safe} onClick={close} data-testid="confirm-dismiss">
              {open === 'cancel' ? t('keep') : t('back')}
            </Button>
            <Button
              variant={open === 'cancel' ? 'danger' : 'primary'}
              onClick={() => void confirm()}
              disabled={busy || stale}
              data-testid="confirm-action"
            >
              {open === 'cancel' ? t('cancelConfirm') : t('retryConfirm')}
            </Button>
          </>
        }
      >
        <p className="mb-2">
          <span className="font-mono">{command.id}</span> · {command.group} / {command.type}
        </p>
        <p className="text-zinc-600 dark:text-zinc-400">
          {open === 'cancel' ? t('cancelBody') : t('retryBody')}
        </p>
        {stale ? (
          <div className="mt-3">
            <Alert tone="info">{t('stale')}</Alert>
          </div>
        ) : null}
        {error ? (
          <div className="mt-3">
            <Alert tone="error" testId="action-error">
              {error}
            </Alert>
          </div>
        ) : null}
      </Dialog>
    </>
  );
}
