'use client';
import { useTranslations } from 'next-intl';
import type { ReactNode } from 'react';
import type { KubeObject } from '@/lib/values/kubernetes';
import { Alert } from '../../ui/alert';
import { ProtoTree } from './proto-tree';

/** A Kubernetes object: its type and metadata in a header card, the rest of a protobuf object as a field tree. */
export function KubeCard({ object }: { object: KubeObject }) {
  const t = useTranslations('values');
  const { meta } = object;
  const labels = Object.entries(meta.labels);
  const annotations = Object.entries(meta.annotations);
  return (
    <div className="flex flex-col gap-3" data-testid="kube-card">
      <div className="rounded-lg border border-sky-200 bg-sky-50/60 px-4 py-3 dark:border-sky-900 dark:bg-sky-950/40">
        <div className="flex flex-wrap items-baseline gap-2">
          <span className="text-base font-semibold" data-testid="kube-kind">
            {meta.kind || '?'}
          </span>
          <span className="font-mono text-xs text-zinc-500" data-testid="kube-api-version">
            {meta.apiVersion}
          </span>
          <span className="ml-auto text-xs text-zinc-500">
            {t(object.encoding === 'protobuf' ? 'storedProtobuf' : 'storedJson')}
          </span>
        </div>
        <dl className="mt-2 grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 text-sm">
          <Row label={t('name')} testId="kube-name" value={meta.name ?? meta.generateName} />
          <Row label={t('namespace')} testId="kube-namespace" value={meta.namespace} />
          <Row label={t('uid')} testId="kube-uid" value={meta.uid} />
          <Row label={t('resourceVersion')} value={meta.resourceVersion} />
          <Row label={t('generation')} value={meta.generation} />
          <Row label={t('created')} value={meta.creationTimestamp} />
          <Row
            label={t('labels')}
            testId="kube-labels"
            value={
              labels.length > 0 ? (
                <span className="flex flex-wrap gap-1">
                  {labels.map(([k, v]) => (
                    <span
                      key={k}
                      data-testid="kube-label"
                      className="rounded bg-white px-1.5 font-mono text-xs ring-1 ring-sky-200 dark:bg-zinc-900 dark:ring-sky-900"
                    >
                      {k}={v}
                    </span>
                  ))}
                </span>
              ) : undefined
            }
          />
          <Row
            label={t('annotations')}
            value={
              annotations.length > 0 ? (
                <span className="flex flex-col font-mono text-xs break-all">
                  {annotations.map(([k, v]) => (
                    <span key={k}>
                      {k}: {v.length > 200 ? `${v.slice(0, 200)}…` : v}
                    </span>
                  ))}
                </span>
              ) : undefined
            }
          />
        </dl>
      </div>
      {object.problem ? (
        <Alert tone="warning" testId="kube-problem">
          {t('damaged', { problem: object.problem })}
        </Alert>
      ) : null}
      {object.fields.length > 0 ? (
        <div>
          <div className="mb-1 text-xs font-medium text-zinc-500 uppercase">{t('objectFields')}</div>
          <ProtoTree nodes={object.fields} testId="kube-fields" />
        </div>
      ) : null}
    </div>
  );
}

function Row({ label, value, testId }: { label: string; value: ReactNode | undefined; testId?: string }) {
  return (
    <>
      <dt className="text-zinc-500 dark:text-zinc-400">{label}</dt>
      <dd className="min-w-0 font-mono text-xs leading-5 break-all" data-testid={testId}>
        {value ?? <span className="text-zinc-400">—</span>}
      </dd>
    </>
  );
}
