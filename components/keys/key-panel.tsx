'use client';
import { Trash2 } from 'lucide-react';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { ApiError } from '@/lib/api/errors';
import { type KeyRef, kvApi } from '@/lib/client/kv-api';
import { formatBytes } from '@/lib/format/bytes';
import { useItem } from '@/lib/hooks/use-kv';
import { useMe } from '@/lib/hooks/use-me';
import type { KvItem } from '@/lib/kv/item';
import { recognizeItem } from '@/lib/values/item-bytes';
import { OpenKeyInCoordination } from '../coordination/open-in-coordination';
import { Alert } from '../ui/alert';
import { Button } from '../ui/button';
import { Dialog } from '../ui/dialog';
import { HistoryPanel } from './history-panel';
import { KeyEditor } from './key-editor';
import { SubscribersPanel } from './subscribers-panel';
import type { KeysTab } from './use-keys-url';
import { ValueBadge } from './value-view/value-badge';

type Props = {
  refKey: KeyRef;
  revision?: number;
  tab: KeysTab;
  onTab: (tab: KeysTab) => void;
  onDeleted: () => void;
};

const emptyItem = (ref: KeyRef): KvItem => ({
  key: ref.key,
  keyEncoding: ref.keyEncoding === 'base64' ? 'base64' : undefined,
  value: '',
  size: 0,
  createRevision: 0,
  modRevision: 0,
  version: 0,
  lease: '0',
});

/** One key: its metadata, and tabs for the editor, its history and who subscribes to it. */
export function KeyPanel({ refKey, revision, tab, onTab, onDeleted }: Props) {
  const t = useTranslations('keys');
  const { data, error, mutate } = useItem(refKey, revision);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [deleteError, setDeleteError] = useState<string | null>(null);
  const { canWrite } = useMe();
  // Pinned to a revision, or not allowed to write here: the same page, without the controls that change things.
  const readOnly =
    revision !== undefined || !canWrite(refKey.keyEncoding === 'base64' ? undefined : refKey.key);
  const missing = error instanceof ApiError && error.code === 'not_found';
  const item = data?.item ?? (missing && !readOnly ? emptyItem(refKey) : null);
  const pinned = revision !== undefined;

  async function remove() {
    if (!data) return;
    setConfirmDelete(false);
    try {
      await kvApi.remove(refKey, data.item.modRevision);
      onDeleted();
    } catch (e) {
      setDeleteError(e instanceof Error ? e.message : String(e));
    }
  }

  const tabs: KeysTab[] = ['editor', 'history', 'subscribers'];
  return (
    <div className="flex min-w-0 flex-col gap-3" data-testid="key-panel">
      <div className="flex items-start gap-3">
        <div className="min-w-0 flex-1">
          <div className="flex flex-wrap items-center gap-x-2">
            <h2 className="font-mono text-base break-all" data-testid="key-name">
              {refKey.keyEncoding === 'base64' ? (
                <span className="italic text-violet-700 dark:text-violet-300">base64:{refKey.key}</span>
              ) : (
                refKey.key
              )}
            </h2>
            {/* The listing is keys only: a value's kind is known, and badged, once it is opened here. */}
            {data ? <ValueBadge kind={recognizeItem(data.item).kind} /> : null}
          </div>
          {data ? (
            <dl
              className="mt-1 flex flex-wrap gap-x-4 gap-y-1 text-xs text-zinc-500 dark:text-zinc-400"
              data-testid="key-meta"
            >
              <Meta label={t('modRevision')} value={data.item.modRevision} testId="meta-mod-revision" />
              <Meta label={t('createRevision')} value={data.item.createRevision} />
              <Meta label={t('version')} value={data.item.version} />
              <Meta
                label={t('lease')}
                value={data.item.lease === '0' ? t('noLease') : data.item.lease}
                testId="meta-lease"
              />
              <Meta label={t('size')} value={formatBytes(data.item.size)} />
              {refKey.keyEncoding !== 'base64' ? (
                <OpenKeyInCoordination keyName={refKey.key} lease={data.item.lease} />
              ) : null}
            </dl>
          ) : null}
        </div>
        {data && !readOnly ? (
          <Button
            size="sm"
            variant="ghost"
            onClick={() => setConfirmDelete(true)}
            data-testid="delete-key"
            aria-label={t('delete')}
          >
            <Trash2 className="size-4" aria-hidden /> {t('delete')}
          </Button>
        ) : null}
      </div>
      {missing ? <Alert tone={pinned ? 'error' : 'info'}>{t('notFound')}</Alert> : null}
      {error && !missing ? <Alert tone="error">{error.message}</Alert> : null}
      {deleteError ? <Alert tone="error">{deleteError}</Alert> : null}
      <div role="tablist" className="flex gap-1 border-b border-zinc-200 dark:border-zinc-800">
        {tabs.map((name) => (
          <button
            key={name}
            type="button"
            role="tab"
            aria-selected={tab === name}
            data-testid={`tab-${name}`}
            onClick={() => onTab(name)}
            className="-mb-px border-b-2 border-transparent px-3 py-1.5 text-sm text-zinc-600 aria-selected:border-sky-600 aria-selected:text-sky-700 dark:text-zinc-400 dark:aria-selected:text-sky-300"
          >
            {t(name)}
          </button>
        ))}
      </div>
      {tab === 'editor' && item ? (
        <KeyEditor
          key={`${refKey.key}@${revision ?? 'live'}`}
          refKey={refKey}
          item={item}
          readOnly={readOnly}
          onSaved={() => void mutate()}
        />
      ) : null}
      {tab === 'history' ? (
        <HistoryPanel refKey={refKey} current={data?.item ?? null} readOnly={readOnly} />
      ) : null}
      {tab === 'subscribers' ? (
        <SubscribersPanel refKey={refKey} modRevision={data?.item.modRevision} />
      ) : null}
      <Dialog
        open={confirmDelete}
        onClose={() => setConfirmDelete(false)}
        title={t('delete')}
        footer={
          <>
            <Button onClick={() => setConfirmDelete(false)}>{t('cancel')}</Button>
            <Button variant="danger" onClick={() => void remove()} data-testid="confirm-delete-key">
              {t('delete')}
            </Button>
          </>
        }
      >
        <p className="break-all">{t('deleteConfirm', { key: refKey.key })}</p>
      </Dialog>
    </div>
  );
}

function Meta({ label, value, testId }: { label: string; value: string | number; testId?: string }) {
  return (
    <div className="flex gap-1">
      <dt>{label}</dt>
      <dd className="font-mono text-zinc-800 tabular-nums dark:text-zinc-200" data-testid={testId}>
        {value}
      </dd>
    </div>
  );
}
