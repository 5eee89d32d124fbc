import { getTranslations } from 'next-intl/server';
import { NotBuilt } from '@/components/ui/not-built';

export default async function Page() {
  const t = await getTranslations('nav');
  return <NotBuilt title={t('cluster')} />;
}
