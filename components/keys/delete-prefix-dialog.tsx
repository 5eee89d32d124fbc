'use client';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import useSWR from 'swr';
import { fetchJson, swrFetcher } from '@/lib/client/fetcher';
import type { KvItem } from '@/lib/kv/item';
import { Alert } from '../ui/alert';
import { Button } from '../ui/button';
import { Dialog } from '../ui/dialog';
import { Input } from '../ui/input';

type Preview = { count: number; sample: KvItem[]; revision: number };

/** Preview (count and sample), type the prefix to confirm, delete in one guarded transaction, offer restore. */
export function DeletePrefixDialog({ prefix, onClose }: { prefix: string; onClose: () => void }) {
  const t = useTranslations('keys');
  const { data, error } = useSWR<Preview>(
    `/api/v1/kv/prefix?prefix=${encodeURIComponent(prefix)}`,
    swrFetcher,
    { revalidateOnFocus: false },
  );
  const [typed, setTyped] = useState('');
  const [done, setDone] = useState<{ deleted: number; revision: number; restoreFrom: number } | null>(null);
  const [message, setMessage] = useState<{ tone: 'info' | 'error'; text: string } | null>(null);

  async function remove() {
    try {
      const res = await fetchJson<{ deleted: number; revision: number; restoreFrom: number }>(
        '/api/v1/kv/prefix/delete',
        {
          method: 'POST',
          body: JSON.stringify({ prefix, confirm: typed, expectedRevision: data?.revision }),
        },
      );
      setDone(res);
      setMessage({ tone: 'info', text: t('deleteDone', { count: res.deleted, revision: res.revision }) });
    } catch (e) {
      setMessage({ tone: 'error', text: e instanceof Error ? e.message : String(e) });
    }
  }

  async function restore() {
    if (!done) return;
    try {
      const res = await fetchJson<{ restored: number }>('/api/v1/kv/prefix/restore', {
        method: 'POST',
        body: JSON.stringify({ prefix, revision: done.restoreFrom }),
      });
      setMessage({ tone: 'info', text: t('restorePrefixDone', { count: res.restored }) });
      setDone(null);
    } catch (e) {
      setMessage({ tone: 'error', text: e instanceof Error ? e.message : String(e) });
    }
  }

  return (
    <Dialog
      open
      onClose={onClose}
      title={`${t('deletePrefix')}: ${prefix}`}
      testId="delete-prefix-dialog"
      footer={
        <>
          <Button onClick={onClose}>{t('close')}</Button>
          {done ? (
            <Button onClick={() => void restore()} data-testid="restore-prefix">
              {t('restorePrefix')}
            </Button>
          ) : (
            <Button
              variant="danger"
              disabled={!data || typed !== prefix}
              onClick={() => void remove()}
              data-testid="confirm-delete-prefix"
            >
              {t('deletePrefix')}
            </Button>
          )}
        </>
      }
    >
      {error ? <Alert tone="error">{error.message}</Alert> : null}
      {data && !done ? (
        <>
          <p className="mb-2">{t('deletePreview', { count: data.count })}</p>
          <ul className="mb-3 max-h-40 overflow-auto font-mono text-xs text-zinc-600 dark:text-zinc-400">
            {data.sample.map((i) => (
              <li key={i.key}>{i.key}</li>
            ))}
          </ul>
          <label className="flex flex-col gap-1">
            <span className="text-xs text-zinc-500">{t('deleteTypePrefix')}</span>
            <Input
              value={typed}
              onChange={(e) => setTyped(e.target.value)}
              className="font-mono"
              data-testid="confirm-prefix-input"
            />
          </label>
        </>
      ) : null}
      {message ? (
        <div className="mt-3">
          <Alert tone={message.tone}>{message.text}</Alert>
        </div>
      ) : null}
    </Dialog>
  );
}
