'use client';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { ApiError } from '@/lib/api/errors';
import { type DeleteAnswer, servicesApi } from '@/lib/client/services-api';
import { leaseHex } from '@/lib/format/lease-id';
import type { InstanceItem, LayoutSummary } from '@/lib/registry/schemas';
import { Alert } from '../ui/alert';
import { Button } from '../ui/button';
import { Dialog } from '../ui/dialog';

export type InstanceAction = 'drain' | 'undrain' | 'deregister';

export type ActionOutcome =
  | { action: 'drain' | 'undrain'; id: string; revision: number }
  | { action: 'deregister'; id: string; answer: DeleteAnswer };

/**
 * Confirms one operator action on an instance and says what it will do. Drain and undrain are a compare-and-swap
 * on the revision the operator saw when opening the dialog: a change in between comes back as a conflict to review.
 */
export function InstanceActionDialog({
  service,
  layout,
  action,
  instance,
  onClose,
  onDone,
}: {
  service: string;
  /** The layout the service comes from: the API calls name it, and it says what deregistering does. */
  layout: LayoutSummary;
  action: InstanceAction;
  instance: InstanceItem;
  onClose: () => void;
  onDone: (outcome: ActionOutcome) => void;
}) {
  const t = useTranslations('services.actions');
  const tc = useTranslations('common');
  const ts = useTranslations('services.status');
  // The version the operator is deciding on; a 409 replaces it with the current one.
  const [seen, setSeen] = useState(instance);
  const [pending, setPending] = useState(false);
  const [problem, setProblem] = useState<
    { kind: 'conflict'; current: InstanceItem } | { kind: 'gone' } | { kind: 'error'; message: string } | null
  >(null);

  async function confirm() {
    setPending(true);
    setProblem(null);
    try {
      if (action === 'deregister') {
        const answer = await servicesApi.deregister(service, seen.id, layout.id);
        onDone({ action, id: seen.id, answer });
      } else {
        const status = action === 'drain' ? 'draining' : 'up';
        const answer = await servicesApi.setStatus(service, seen.id, status, seen.modRevision, layout.id);
        onDone({ action, id: seen.id, revision: answer.revision });
      }
    } catch (error) {
      if (error instanceof ApiError && error.code === 'conflict') {
        const current = (error.details as { current?: InstanceItem } | undefined)?.current;
        if (current) {
          setSeen(current);
          setProblem({ kind: 'conflict', current });
        } else setProblem({ kind: 'error', message: error.message });
      } else if (error instanceof ApiError && error.code === 'not_found') {
        setProblem({ kind: 'gone' });
      } else {
        setProblem({ kind: 'error', message: error instanceof Error ? error.message : String(error) });
      }
    } finally {
      setPending(false);
    }
  }

  const id = seen.id;
  const alreadyThere =
    (action === 'drain' && seen.status === 'draining') || (action === 'undrain' && seen.status === 'up');
  const canConfirm = problem?.kind !== 'gone' && !alreadyThere;

  return (
    <Dialog
      open
      onClose={onClose}
      title={t(`${action}.title`, { id })}
      testId="instance-action-dialog"
      footer={
        <>
          <Button onClick={onClose} autoFocus data-testid="action-cancel">
            {tc('cancel')}
          </Button>
          <Button
            variant={action === 'deregister' ? 'danger' : 'primary'}
            onClick={confirm}
            disabled={pending || !canConfirm}
            data-testid="action-confirm"
          >
            {pending
              ? t('working')
              : problem?.kind === 'conflict'
                ? t('confirmAgain')
                : t(`${action}.confirm`)}
          </Button>
        </>
      }
    >
      <div className="space-y-3">
        <p>{t(`${action}.body`, { id, service })}</p>
        {action === 'deregister' ? (
          <p className="text-zinc-600 dark:text-zinc-400" data-testid="deregister-consequence">
            {deregisterConsequence(t, layout, seen.lease)}
          </p>
        ) : null}
        <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 rounded-md bg-zinc-50 px-3 py-2 text-xs dark:bg-zinc-800/60">
          <dt className="text-zinc-500 dark:text-zinc-400">{t('key')}</dt>
          <dd className="font-mono break-all">{seen.key}</dd>
          <dt className="text-zinc-500 dark:text-zinc-400">{t('currentStatus')}</dt>
          <dd>{ts(seen.status)}</dd>
          {seen.status !== 'invalid' ? (
            <>
              <dt className="text-zinc-500 dark:text-zinc-400">{t('weight')}</dt>
              <dd className="tabular-nums">{seen.weight}</dd>
            </>
          ) : null}
          <dt className="text-zinc-500 dark:text-zinc-400">{t('modRevision')}</dt>
          <dd className="font-mono tabular-nums">{seen.modRevision}</dd>
        </dl>
        {problem?.kind === 'conflict' ? (
          <Alert tone="warning" title={t('conflict.title')} testId="action-conflict">
            {t('conflict.body', {
              revision: problem.current.modRevision,
              status: ts(problem.current.status),
            })}
          </Alert>
        ) : null}
        {problem?.kind === 'gone' ? (
          <Alert tone="info" title={t('gone.title')} testId="action-gone">
            {t('gone.body', { id })}
          </Alert>
        ) : null}
        {problem?.kind === 'error' ? (
          <Alert tone="error" title={t('failed')} testId="action-error">
            {problem.message}
          </Alert>
        ) : null}
        {alreadyThere && problem?.kind !== 'gone' ? (
          <Alert tone="info" testId="action-noop">
            {t('alreadyThere', { status: ts(seen.status) })}
          </Alert>
        ) : null}
      </div>
    </Dialog>
  );
}

/** What deregistering does in this layout: revoke the lease with every key on it, or delete the one key. */
function deregisterConsequence(
  t: ReturnType<typeof useTranslations<'services.actions'>>,
  layout: LayoutSummary,
  lease: string | null,
): string {
  if (!lease) return t('deregister.withoutLease');
  if (layout.writes.deregister === 'key') return t('deregister.keyOnly', { lease: leaseHex(lease) });
  return layout.id === 'console'
    ? t('deregister.withLease', { lease: leaseHex(lease) })
    : t('deregister.withLeaseForeign', { lease: leaseHex(lease), layout: layout.title });
}
