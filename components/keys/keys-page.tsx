'use client';
import { useTranslations } from 'next-intl';
import { useMemo } from 'react';
import type { KeyRef } from '@/lib/client/kv-api';
import { Alert } from '../ui/alert';
import { DiffReport } from './diff-report';
import { JumpBox } from './jump-box';
import { KeyPanel } from './key-panel';
import { KeyTree } from './key-tree';
import { PrefixActions } from './prefix-actions';
import { PrefixPanel } from './prefix-panel';
import { TimeTravel } from './time-travel';
import { parentPrefix, useKeysUrl } from './use-keys-url';

/** Every ancestor prefix of the current one, so the tree opens down to where the user is. */
function ancestors(prefix: string): Set<string> {
  const out = new Set<string>();
  for (let i = prefix.indexOf('/'); i >= 0; i = prefix.indexOf('/', i + 1)) out.add(prefix.slice(0, i + 1));
  return out;
}

export function KeysPage() {
  const t = useTranslations('keys');
  const url = useKeysUrl();
  const openPrefixes = useMemo(
    () => ancestors(url.key ? parentPrefix(url.key.key) : url.prefix),
    [url.key, url.prefix],
  );
  const openKey = (ref: KeyRef) =>
    url.update({
      key: ref,
      tab: 'editor',
      prefix: ref.keyEncoding === 'base64' ? url.prefix : parentPrefix(ref.key) || url.prefix,
    });

  return (
    <div className="flex h-[calc(100vh-7.5rem)] flex-col gap-3">
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="mr-2 text-xl font-semibold tracking-tight">{t('title')}</h1>
        <JumpBox
          revision={url.revision}
          onKey={(key) => openKey({ key })}
          onPrefix={(prefix) => url.update({ prefix, key: null, diffFrom: undefined })}
        />
        <div className="ml-auto">
          <TimeTravel
            revision={url.revision}
            onView={(revision) => url.update({ revision, diffFrom: undefined })}
            onDiff={(from) => url.update({ diffFrom: from, key: null })}
          />
        </div>
      </div>
      {url.revision ? (
        <Alert tone="warning" testId="pinned-banner">
          {t('pinnedBanner', { revision: url.revision })}
        </Alert>
      ) : null}
      <div className="flex min-h-0 flex-1 gap-4">
        <aside className="flex w-72 shrink-0 flex-col overflow-hidden rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
          <div className="flex items-center justify-between border-b border-zinc-200 px-3 py-2 text-xs font-medium tracking-wide text-zinc-500 uppercase dark:border-zinc-800">
            <button
              type="button"
              onClick={() => url.update({ prefix: '/', key: null })}
              className="hover:text-zinc-900 dark:hover:text-zinc-100"
            >
              {t('tree')}
            </button>
          </div>
          <div className="min-h-0 flex-1 overflow-auto p-1" data-testid="key-tree">
            <KeyTree
              prefix=""
              revision={url.revision}
              selectedKey={url.key}
              selectedPrefix={url.prefix}
              openPrefixes={openPrefixes}
              onSelectKey={openKey}
              onSelectPrefix={(prefix) => url.update({ prefix, key: null })}
            />
          </div>
        </aside>
        <section className="min-w-0 flex-1 overflow-auto rounded-lg border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900">
          <div className="mb-3 flex justify-end">
            <PrefixActions
              prefix={url.prefix}
              revision={url.revision}
              onCreated={(key) => openKey({ key })}
            />
          </div>
          {url.diffFrom ? (
            <DiffReport
              prefix={url.prefix}
              from={url.diffFrom}
              to={url.revision}
              onOpen={openKey}
              onClose={() => url.update({ diffFrom: undefined })}
            />
          ) : url.key ? (
            <KeyPanel
              refKey={url.key}
              revision={url.revision}
              tab={url.tab}
              onTab={(tab) => url.update({ tab })}
              onDeleted={() => url.update({ key: null })}
            />
          ) : (
            <PrefixPanel prefix={url.prefix} revision={url.revision} onOpen={openKey} />
          )}
        </section>
      </div>
    </div>
  );
}
