'use client';
// One staged edit as a three-way diff: base (what it was staged on) → current (what etcd holds now) when they
// differ (a conflict), and current → proposed (what publishing writes).
import { useTranslations } from 'next-intl';
import type { ReviewAnswer } from '@/lib/client/changesets-api';
import { Badge } from '../ui/badge';
import { Card } from '../ui/card';
import { DiffPane } from './diff-pane';

type Edit = ReviewAnswer['edits'][number];
type Shown = { value: string; valueEncoding?: 'utf8' | 'base64' } | null;

function text(v: Shown): string {
  if (!v) return '';
  return v.valueEncoding === 'base64' ? `base64:${v.value}` : v.value;
}

export function EditDiff({ edit }: { edit: Edit }) {
  const t = useTranslations('changesets');
  const format = edit.format ?? 'text';
  return (
    <Card as="li" padded testId="changeset-edit" data-key={edit.key}>
      <div className="mb-2 flex flex-wrap items-center gap-2">
        <code className="font-mono text-sm break-all">{edit.key}</code>
        <Badge tone={edit.action === 'delete' ? 'red' : 'blue'}>{t(`action.${edit.action}`)}</Badge>
        {edit.conflict ? (
          <Badge tone="amber" testId="edit-conflict">
            {t('conflict')}
          </Badge>
        ) : null}
        <span className="text-xs text-zinc-500">
          {t('baseRevision', { revision: edit.baseModRevision })}
          {edit.current ? ` · ${t('currentRevision', { revision: edit.current.modRevision })}` : ''}
          {` · ${t('stepOf', { step: edit.step })}`}
        </span>
      </div>
      {edit.problems.length > 0 ? (
        <ul
          className="mb-2 list-disc pl-5 text-sm text-red-700 dark:text-red-300"
          data-testid="edit-problems"
        >
          {edit.problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      ) : null}
      {edit.conflict ? (
        <div className="mb-3">
          <div className="mb-1 grid grid-cols-2 gap-2 text-xs font-medium text-zinc-500">
            <div>{edit.baseCompacted ? t('baseCompacted') : t('base')}</div>
            <div>{edit.current ? t('current') : t('currentAbsent')}</div>
          </div>
          <DiffPane
            left={text(edit.base)}
            right={text(edit.current)}
            format={format}
            testId="diff-base-current"
          />
        </div>
      ) : null}
      <div className="mb-1 grid grid-cols-2 gap-2 text-xs font-medium text-zinc-500">
        <div>{edit.current ? t('current') : t('currentAbsent')}</div>
        <div>{edit.proposed ? t('proposed') : t('proposedDelete')}</div>
      </div>
      <DiffPane
        left={text(edit.current)}
        right={text(edit.proposed)}
        format={format}
        testId="diff-current-proposed"
      />
    </Card>
  );
}
