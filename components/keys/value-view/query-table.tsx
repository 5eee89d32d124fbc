'use client';
import { useTranslations } from 'next-intl';

/** The pairs of a URL query string value, decoded. */
export function QueryTable({ pairs }: { pairs: Array<[string, string]> }) {
  const t = useTranslations('values');
  return (
    <table className="w-full text-left text-sm" data-testid="query-table">
      <thead className="text-xs text-zinc-500 uppercase">
        <tr>
          <th className="py-1 pr-4">{t('param')}</th>
          <th className="py-1">{t('value')}</th>
        </tr>
      </thead>
      <tbody className="font-mono text-xs">
        {pairs.map(([k, v], i) => (
          <tr key={i} className="border-t border-zinc-100 dark:border-zinc-800">
            <td className="py-1 pr-4 align-top">{k}</td>
            <td className="py-1 break-all">{v === '' ? <span className="text-zinc-400">""</span> : v}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
