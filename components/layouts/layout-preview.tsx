'use client';
// What a draft layout makes of the real keys under its root: the instances it finds, before anything is saved.
import { useTranslations } from 'next-intl';
import { hostPort } from '@/lib/format/host-port';
import { Alert } from '../ui/alert';
import type { PreviewState } from './use-layout-preview';

const th = 'px-3 py-1.5 font-medium whitespace-nowrap';
const td = 'px-3 py-1.5 align-top';

export function LayoutPreview({ state }: { state: PreviewState }) {
  const t = useTranslations('layouts.preview');
  if (state.kind === 'idle') {
    return <p className="text-xs text-zinc-500 dark:text-zinc-400">{t('idle')}</p>;
  }
  if (state.kind === 'error') {
    return (
      <Alert tone="error" title={t('failed')} testId="layout-preview-error">
        {state.message}
      </Alert>
    );
  }
  const answer = state.kind === 'ready' ? state.answer : state.last;
  if (!answer) return <p className="text-xs text-zinc-500 dark:text-zinc-400">{t('loading')}</p>;
  return (
    <div
      data-testid="layout-preview"
      data-loading={state.kind === 'loading'}
      data-items={answer.items.length}
    >
      <p className="mb-2 text-xs text-zinc-600 dark:text-zinc-400" data-testid="layout-preview-summary">
        {t('summary', {
          instances: answer.items.length,
          services: answer.services.length,
          scanned: answer.scanned,
        })}
        {answer.more ? ` ${t('more')}` : null}
      </p>
      {answer.items.length > 0 ? (
        <div className="max-h-72 overflow-auto rounded-md border border-zinc-200 dark:border-zinc-800">
          <table className="w-full text-left text-xs">
            <thead className="border-b border-zinc-200 text-zinc-500 dark:border-zinc-800 dark:text-zinc-400">
              <tr>
                <th className={th}>{t('key')}</th>
                <th className={th}>{t('service')}</th>
                <th className={th}>{t('id')}</th>
                <th className={th}>{t('address')}</th>
              </tr>
            </thead>
            <tbody>
              {answer.items.map((item) => (
                <tr
                  key={item.key}
                  data-testid="layout-preview-item"
                  data-status={item.status}
                  className="border-b border-zinc-100 last:border-0 dark:border-zinc-800"
                >
                  <td className={`${td} font-mono break-all`}>{item.key}</td>
                  <td className={`${td} font-mono`}>{item.service}</td>
                  <td className={`${td} font-mono break-all`}>{item.id}</td>
                  <td className={`${td} font-mono`}>
                    {item.status === 'invalid' ? (
                      <span className="font-sans text-red-700 dark:text-red-300">
                        {t('invalid', { problem: item.problem ?? '' })}
                      </span>
                    ) : (
                      hostPort(item.address, item.port)
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="text-xs text-zinc-500 dark:text-zinc-400">{t('none')}</p>
      )}
    </div>
  );
}
