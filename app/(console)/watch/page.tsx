import type { Metadata } from 'next';
import { WatchPage } from '@/components/watch/watch-page';

export const metadata: Metadata = { title: 'Watch' };

type Search = Promise<Record<string, string | string[] | undefined>>;

export default async function Page({ searchParams }: { searchParams: Search }) {
  // Deep links: /watch?prefix=/config/&from=120 or /watch?key=/config/a
  const params = await searchParams;
  const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
  const key = one(params.key);
  const prefix = one(params.prefix);
  const from = Number(one(params.from));
  const initial =
    key !== undefined || prefix !== undefined
      ? {
          kind: key !== undefined ? ('key' as const) : ('prefix' as const),
          target: key ?? prefix ?? '',
          fromRevision: Number.isInteger(from) && from > 0 ? from : undefined,
        }
      : null;
  return <WatchPage initial={initial} />;
}
