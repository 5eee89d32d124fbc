'use client';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { kvApi } from '@/lib/client/kv-api';
import { Alert } from '../ui/alert';
import { Button } from '../ui/button';
import { Dialog } from '../ui/dialog';
import { Input } from '../ui/input';

/** Creates a key only if it does not exist yet (expectedModRevision 0). */
export function NewKeyDialog({
  open,
  prefix,
  onClose,
  onCreated,
}: {
  open: boolean;
  prefix: string;
  onClose: () => void;
  onCreated: (key: string) => void;
}) {
  const t = useTranslations('keys');
  const [key, setKey] = useState(prefix);
  const [value, setValue] = useState('');
  const [error, setError] = useState<string | null>(null);
  async function create() {
    try {
      await kvApi.put({ key, value, expectedModRevision: 0 });
      onClose();
      onCreated(key);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  }
  return (
    <Dialog
      open={open}
      onClose={onClose}
      title={t('newKey')}
      footer={
        <>
          <Button onClick={onClose}>{t('cancel')}</Button>
          <Button variant="primary" onClick={() => void create()} disabled={!key} data-testid="create-key">
            {t('create')}
          </Button>
        </>
      }
    >
      <label className="mb-3 flex flex-col gap-1">
        <span className="text-xs text-zinc-500">{t('newKeyName')}</span>
        <Input
          value={key}
          onChange={(e) => setKey(e.target.value)}
          className="font-mono"
          data-testid="new-key-name"
          autoFocus
        />
      </label>
      <textarea
        value={value}
        onChange={(e) => setValue(e.target.value)}
        rows={6}
        className="w-full rounded-md border border-zinc-300 bg-white p-2 font-mono text-sm dark:border-zinc-700 dark:bg-zinc-900"
        data-testid="new-key-value"
      />
      {error ? <Alert tone="error">{error}</Alert> : null}
    </Dialog>
  );
}
