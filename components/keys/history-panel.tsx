'use client';
import { MergeView } from '@codemirror/merge';
import { EditorState } from '@codemirror/state';
import { oneDark } from '@codemirror/theme-one-dark';
import { EditorView } from '@codemirror/view';
import { useTranslations } from 'next-intl';
import { useTheme } from 'next-themes';
import { useEffect, useRef, useState } from 'react';
import { type KeyRef, kvApi } from '@/lib/client/kv-api';
import { useHistory } from '@/lib/hooks/use-kv';
import type { KvItem } from '@/lib/kv/item';
import { Alert } from '../ui/alert';
import { Button } from '../ui/button';
import { Card } from '../ui/card';
import { Dialog } from '../ui/dialog';
import { draftText } from './value-draft';

/** Every retained version of the key; compare any two; restore one with a compare-and-swap write. */
export function HistoryPanel({
  refKey,
  current,
  readOnly,
}: {
  refKey: KeyRef;
  current: KvItem | null;
  readOnly: boolean;
}) {
  const t = useTranslations('keys');
  const { data, error, mutate } = useHistory(refKey);
  const [picked, setPicked] = useState<number[]>([]);
  const [restoring, setRestoring] = useState<KvItem | null>(null);
  const [message, setMessage] = useState<{ tone: 'info' | 'error'; text: string } | null>(null);

  if (error) return <Alert tone="error">{error.message}</Alert>;
  if (!data) return <div className="text-sm text-zinc-500">…</div>;

  const versions = data.versions;
  const toggle = (rev: number) =>
    setPicked((p) => (p.includes(rev) ? p.filter((r) => r !== rev) : [...p, rev].slice(-2)));
  const pair =
    picked.length === 2
      ? versions.filter((v) => picked.includes(v.modRevision)).sort((a, b) => a.modRevision - b.modRevision)
      : [];

  async function restore(version: KvItem) {
    setRestoring(null);
    try {
      const res = await kvApi.put({
        ...refKey,
        value: version.value ?? '',
        valueEncoding: version.valueEncoding ?? 'utf8',
        expectedModRevision: current?.modRevision ?? 0,
      });
      setMessage({ tone: 'info', text: t('restored', { revision: res.item.modRevision }) });
      await mutate();
    } catch (e) {
      setMessage({ tone: 'error', text: e instanceof Error ? e.message : String(e) });
    }
  }

  return (
    <div className="flex flex-col gap-3" data-testid="history-panel">
      <div className="text-sm text-zinc-600 dark:text-zinc-400">
        {t('historyVersions', { count: versions.length })} · {t('historyGeneration')}
        {data.compactedBefore ? <> · {t('historyCompacted', { revision: data.compactedBefore })}</> : null}
        {' · '}
        {t('compareHint')}
      </div>
      {message ? (
        <Alert tone={message.tone} testId="history-message">
          {message.text}
        </Alert>
      ) : null}
      <Card className="overflow-hidden">
        <table className="w-full text-left text-sm">
          <thead className="bg-zinc-50 text-xs text-zinc-500 uppercase dark:bg-zinc-900">
            <tr>
              <th className="w-10 px-3 py-2" />
              <th className="px-3 py-2">{t('version')}</th>
              <th className="px-3 py-2">{t('modRevision')}</th>
              <th className="px-3 py-2">{t('value')}</th>
              <th className="px-3 py-2">{t('author')}</th>
              <th className="px-3 py-2" />
            </tr>
          </thead>
          <tbody>
            {versions.map((v) => (
              <tr
                key={v.modRevision}
                data-testid="history-row"
                data-revision={v.modRevision}
                className="border-t border-zinc-100 dark:border-zinc-800"
              >
                <td className="px-3 py-1.5">
                  <input
                    type="checkbox"
                    aria-label={`${t('compare')} ${v.version}`}
                    checked={picked.includes(v.modRevision)}
                    onChange={() => toggle(v.modRevision)}
                  />
                </td>
                <td className="px-3 py-1.5 tabular-nums">{v.version}</td>
                <td className="px-3 py-1.5 tabular-nums">{v.modRevision}</td>
                <td
                  className="px-3 py-1.5 max-w-md truncate font-mono text-xs text-zinc-600 dark:text-zinc-400"
                  title={v.value}
                >
                  {v.valueEncoding === 'base64' ? `base64:${v.value}` : v.value}
                </td>
                <td
                  className="px-3 py-1.5 text-xs text-zinc-600 dark:text-zinc-400"
                  data-testid="history-author"
                >
                  {data.authors[v.modRevision]
                    ? `${data.authors[v.modRevision]!.actor} · ${new Date(data.authors[v.modRevision]!.time).toLocaleString()}`
                    : ''}
                </td>
                <td className="px-3 py-1.5 text-right">
                  {!readOnly && v.modRevision !== current?.modRevision ? (
                    <Button size="sm" onClick={() => setRestoring(v)} data-testid="restore-version">
                      {t('restore')}
                    </Button>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </Card>
      {pair.length === 2 ? <VersionDiff older={pair[0]!} newer={pair[1]!} /> : null}
      <Dialog
        open={restoring !== null}
        onClose={() => setRestoring(null)}
        title={t('restore')}
        footer={
          <>
            <Button onClick={() => setRestoring(null)}>{t('cancel')}</Button>
            <Button
              variant="primary"
              onClick={() => restoring && void restore(restoring)}
              data-testid="confirm-restore"
            >
              {t('confirm')}
            </Button>
          </>
        }
      >
        {restoring
          ? t('restoreConfirm', { version: restoring.version, revision: restoring.modRevision })
          : null}
      </Dialog>
    </div>
  );
}

function VersionDiff({ older, newer }: { older: KvItem; newer: KvItem }) {
  const t = useTranslations('keys');
  const host = useRef<HTMLDivElement>(null);
  const { resolvedTheme } = useTheme();
  useEffect(() => {
    if (!host.current) return;
    const ro = [
      EditorState.readOnly.of(true),
      EditorView.editable.of(false),
      EditorView.lineWrapping,
      resolvedTheme === 'dark' ? oneDark : [],
    ];
    const view = new MergeView({
      parent: host.current,
      a: { doc: draftText(older, 'text'), extensions: ro },
      b: { doc: draftText(newer, 'text'), extensions: ro },
    });
    return () => view.destroy();
  }, [older, newer, resolvedTheme]);
  return (
    <div>
      <div className="mb-1 grid grid-cols-2 text-xs font-medium text-zinc-500">
        <span>
          {t('older')} · {t('version')} {older.version} · {t('revision')} {older.modRevision}
        </span>
        <span>
          {t('newer')} · {t('version')} {newer.version} · {t('revision')} {newer.modRevision}
        </span>
      </div>
      <div
        ref={host}
        data-testid="version-diff"
        className="overflow-auto rounded-md border border-zinc-300 text-[13px] dark:border-zinc-700"
      />
    </div>
  );
}
