'use client';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { fetchJson } from '@/lib/client/fetcher';
import type { ImportPreview, ImportReport } from '@/lib/kv/import-items';
import { Alert } from '../ui/alert';
import { Button } from '../ui/button';
import { Dialog } from '../ui/dialog';

type Item = { key: string; value: string; keyEncoding?: string; valueEncoding?: string };

/** Import an export: preview what would be added and changed, then apply what was previewed. */
export function ImportDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const t = useTranslations('keys');
  const [text, setText] = useState('');
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [message, setMessage] = useState<{ tone: 'info' | 'error'; text: string } | null>(null);

  function items(): Item[] {
    const parsed = JSON.parse(text) as { items?: Item[] } | Item[];
    return Array.isArray(parsed) ? parsed : (parsed.items ?? []);
  }

  async function send(mode: 'preview' | 'apply') {
    setMessage(null);
    try {
      const body = {
        items: items().map(({ key, value, keyEncoding, valueEncoding }) => ({
          key,
          value,
          keyEncoding,
          valueEncoding,
        })),
        mode,
        expectedRevision: mode === 'apply' ? preview?.revision : undefined,
      };
      const res = await fetchJson<ImportPreview | ImportReport>('/api/v1/kv/import', {
        method: 'POST',
        body: JSON.stringify(body),
      });
      if (mode === 'preview') setPreview(res);
      else {
        const report = res as ImportReport;
        setMessage({ tone: report.applied ? 'info' : 'error', text: report.message });
        setPreview(null);
      }
    } catch (e) {
      setMessage({ tone: 'error', text: e instanceof Error ? e.message : String(e) });
    }
  }

  return (
    <Dialog
      open={open}
      onClose={onClose}
      wide
      title={t('import')}
      footer={
        <>
          <Button onClick={onClose}>{t('close')}</Button>
          <Button onClick={() => void send('preview')} disabled={!text}>
            {t('importPreview')}
          </Button>
          <Button variant="primary" onClick={() => void send('apply')} disabled={!preview}>
            {t('importApply')}
          </Button>
        </>
      }
    >
      <p className="mb-2 text-zinc-600 dark:text-zinc-400">{t('importPaste')}</p>
      <input
        type="file"
        accept="application/json,.json"
        className="mb-2 text-xs"
        onChange={async (e) => {
          const file = e.target.files?.[0];
          if (file) setText(await file.text());
          setPreview(null);
        }}
      />
      <textarea
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          setPreview(null);
        }}
        rows={10}
        className="w-full rounded-md border border-zinc-300 bg-white p-2 font-mono text-xs dark:border-zinc-700 dark:bg-zinc-900"
      />
      {preview ? (
        <div className="mt-3 text-sm">
          <div className="font-medium">
            {t('importSummary', {
              added: preview.added.length,
              changed: preview.changed.length,
              unchanged: preview.unchanged,
              batches: preview.batches,
            })}
          </div>
          <ul className="mt-1 max-h-40 overflow-auto font-mono text-xs">
            {preview.added.slice(0, 200).map((k) => (
              <li key={`a${k}`} className="text-emerald-700 dark:text-emerald-400">
                + {k}
              </li>
            ))}
            {preview.changed.slice(0, 200).map((k) => (
              <li key={`c${k}`} className="text-amber-700 dark:text-amber-400">
                ~ {k}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {message ? (
        <div className="mt-3">
          <Alert tone={message.tone}>{message.text}</Alert>
        </div>
      ) : null}
    </Dialog>
  );
}
