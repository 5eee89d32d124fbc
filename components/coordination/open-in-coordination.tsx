'use client';
// "Open in Coordination" links for the key browser: on a recipe key (`<name>/<its own lease in hex>`, or a Patroni
// `…/leader` on a lease), and on a prefix the coordination API lists.
import { Crown } from 'lucide-react';
import Link from 'next/link';
import { useTranslations } from 'next-intl';
import useSWR from 'swr';
import { type CoordinationList, coordinationHref, coordinationKeys } from '@/lib/client/coordination-api';
import { swrFetcher } from '@/lib/client/fetcher';
import { candidateOf } from '@/lib/coordination/recipes';

function OpenLink({ href }: { href: string }) {
  const t = useTranslations('coordination');
  return (
    <Link
      href={href}
      data-testid="open-in-coordination"
      className="inline-flex items-center gap-1 text-xs font-medium text-sky-700 hover:underline dark:text-sky-400"
    >
      <Crown className="size-3.5" aria-hidden /> {t('openIn')}
    </Link>
  );
}

/** For one key: shown when the key is named after its own lease (or is a Patroni leader key). */
export function OpenKeyInCoordination({ keyName, lease }: { keyName: string; lease: string }) {
  const candidate = candidateOf(keyName, lease);
  if (!candidate) return null;
  return <OpenLink href={coordinationHref(candidate.prefix, candidate.kind)} />;
}

/** For a prefix (with or without its trailing "/"): shown when the coordination API lists it. */
export function OpenPrefixInCoordination({ prefix }: { prefix: string }) {
  const { data } = useSWR<CoordinationList>(coordinationKeys.list, swrFetcher, {
    revalidateOnFocus: false,
    dedupingInterval: 10_000,
  });
  const name = prefix.endsWith('/') ? prefix.slice(0, -1) : prefix;
  const entry = data?.entries.find((e) => e.prefix === name);
  if (!entry) return null;
  return <OpenLink href={coordinationHref(entry.prefix, entry.kind === 'patroni' ? 'patroni' : 'recipe')} />;
}
