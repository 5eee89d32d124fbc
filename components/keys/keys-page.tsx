'use client';
import { useTranslations } from 'next-intl';
import { useMemo } from 'react';
import type { KeyRef } from '@/lib/client/kv-api';
import { Alert } from '../ui/alert';
import { Card } from '../ui/card';
import { DiffReport } from './diff-report';
import { JumpBox } from './jump-box';
import { KeyPanel } from './key-panel';
import { KeyTree } from './key-tree';
import { PrefixActions } from './prefix-actions';
import { PrefixPanel } from './prefix-panel';
import { TimeTravel } from './time-travel';
import { ancestorIds, parentPrefixOf, prefixId, useKeysUrl } from './use-keys-url';

export function KeysPage() {
  const t = useTranslations('keys');
  const url = useKeysUrl();
  // Every ancestor prefix of where the user is, so the tree opens down to it; prefixes of any bytes.
  const openPrefixes = useMemo(() => {
    const at = url.key ? parentPrefixOf(url.key) : { text: url.prefix, encoding: url.prefixEncoding };
    return ancestorIds(at.text, at.encoding);
  }, [url.key, url.prefix, url.prefixEncoding]);
  const openKey = (ref: KeyRef) => {
    const parent = parentPrefixOf(ref);
    url.update({
      key: ref,
      tab: 'editor',
      prefix: parent.text || url.prefix,
      prefixEncoding: parent.text ? parent.encoding : url.prefixEncoding,
    });
  };
  const binaryPrefix = url.prefixEncoding === 'base64';

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
        <Card as="aside" className="flex w-72 shrink-0 flex-col overflow-hidden">
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
              selectedPrefix={prefixId(url.prefix, url.prefixEncoding)}
              openPrefixes={openPrefixes}
              onSelectKey={openKey}
              onSelectPrefix={(prefix, prefixEncoding) => url.update({ prefix, prefixEncoding, key: null })}
            />
          </div>
        </Card>
        <Card as="section" padded className="min-w-0 flex-1 overflow-auto">
          {/* Creating, importing or deleting under a prefix takes text: not offered under a binary one. */}
          {binaryPrefix ? null : (
            <div className="mb-3 flex justify-end">
              <PrefixActions
                prefix={url.prefix}
                revision={url.revision}
                onCreated={(key) => openKey({ key })}
              />
            </div>
          )}
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
            <PrefixPanel
              prefix={url.prefix}
              prefixEncoding={url.prefixEncoding}
              revision={url.revision}
              onOpen={openKey}
            />
          )}
        </Card>
      </div>
    </div>
  );
}
