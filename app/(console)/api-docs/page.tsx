import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { OperationList } from '@/components/api-docs/operation-list';
import { PageTitle } from '@/components/ui/page-title';
import { openApiDocument } from '@/lib/api/openapi/document';

export const metadata: Metadata = { title: 'API' };

export default async function ApiDocsPage() {
  const t = await getTranslations('apiDocs');
  const document = openApiDocument();
  return (
    <div className="max-w-5xl">
      <PageTitle
        actions={
          <a className="text-sm text-sky-700 underline dark:text-sky-400" href="/api/v1/openapi.json">
            {t('raw')}
          </a>
        }
      >
        {t('title')}
      </PageTitle>
      <p className="mb-6 text-sm text-zinc-600 dark:text-zinc-400">{t('intro')}</p>
      <p className="mb-6 text-sm text-zinc-600 dark:text-zinc-400">{document.info.description}</p>
      <OperationList paths={document.paths} />
    </div>
  );
}
