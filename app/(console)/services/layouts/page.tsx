import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { LayoutsSettings } from '@/components/layouts/layouts-settings';
import { ServicePage } from '@/components/services/service-page';

export const dynamic = 'force-dynamic';

type Props = { searchParams: Promise<{ layout?: string | string[] }> };

export async function generateMetadata({ searchParams }: Props): Promise<Metadata> {
  if ((await searchParams).layout !== undefined) return { title: 'layouts' };
  const t = await getTranslations('layouts');
  return { title: t('title') };
}

// /services/layouts – the service layouts: switches, detection, declared layouts (admins change them)
export default async function LayoutsPage({ searchParams }: Props) {
  // A service that is itself named "layouts" is linked as /services/layouts?layout=<id> (see serviceHref).
  const { layout } = await searchParams;
  if (layout !== undefined) return <ServicePage name="layouts" layout={layout} />;
  return <LayoutsSettings />;
}
