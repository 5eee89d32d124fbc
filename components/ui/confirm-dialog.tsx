'use client';
import { useTranslations } from 'next-intl';
import { type ReactNode, useEffect, useState } from 'react';
import { Alert } from './alert';
import { Button } from './button';
import { Dialog } from './dialog';

/**
 * A confirmation that states the consequence before anything happens. `onConfirm` may return a result to show
 * in place (the dialog then offers only Close); a thrown error is shown in the dialog, which stays open.
 * Focus goes to Cancel (or an autoFocus field in `children`) and back to the opener on close (components/ui/dialog.tsx).
 */
export function ConfirmDialog({
  open,
  onClose,
  title,
  children,
  confirmLabel,
  onConfirm,
  tone = 'danger',
  confirmDisabled = false,
  testId = 'confirm-dialog',
  focusCancel = true,
}: {
  open: boolean;
  onClose: () => void;
  title: ReactNode;
  children: ReactNode;
  confirmLabel: string;
  onConfirm: () => Promise<ReactNode | undefined>;
  tone?: 'danger' | 'primary';
  confirmDisabled?: boolean;
  testId?: string;
  /** false when `children` hold a field that takes the focus itself. */
  focusCancel?: boolean;
}) {
  const tc = useTranslations('common');
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<ReactNode>(null);

  // Each opening starts clean.
  useEffect(() => {
    if (!open) return;
    setError(null);
    setResult(null);
  }, [open]);

  async function confirm() {
    setPending(true);
    setError(null);
    try {
      const outcome = await onConfirm();
      if (outcome === undefined || outcome === null) onClose();
      else setResult(outcome);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setPending(false);
    }
  }

  return (
    <Dialog
      open={open}
      onClose={onClose}
      title={title}
      testId={testId}
      footer={
        result ? (
          <Button onClick={onClose} autoFocus data-testid="confirm-close">
            {tc('close')}
          </Button>
        ) : (
          <>
            <Button onClick={onClose} autoFocus={focusCancel} data-testid="confirm-cancel">
              {tc('cancel')}
            </Button>
            <Button
              variant={tone}
              disabled={pending || confirmDisabled}
              onClick={() => void confirm()}
              data-testid="confirm-action"
            >
              {pending ? tc('loading') : confirmLabel}
            </Button>
          </>
        )
      }
    >
      <div className="space-y-3">
        {/* Once done, the outcome replaces the question (which may no longer hold). */}
        {result ? null : children}
        {error ? (
          <Alert tone="error" testId="confirm-error">
            {error}
          </Alert>
        ) : null}
        {result ? (
          <Alert tone="info" testId="confirm-result">
            {result}
          </Alert>
        ) : null}
      </div>
    </Dialog>
  );
}
