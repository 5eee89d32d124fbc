import { useTranslations } from 'next-intl';
import { cardClass } from '../ui/card';

type Parameter = { name: string; in: string; required: boolean; description?: string; schema?: unknown };
type OperationDoc = {
  summary: string;
  tags: string[];
  parameters: Parameter[];
  requestBody?: { content: Record<string, { schema?: unknown }> };
};

const methodTone: Record<string, string> = {
  get: 'bg-sky-100 text-sky-800 dark:bg-sky-950 dark:text-sky-300',
  post: 'bg-emerald-100 text-emerald-800 dark:bg-emerald-950 dark:text-emerald-300',
  put: 'bg-amber-100 text-amber-800 dark:bg-amber-950 dark:text-amber-300',
  patch: 'bg-violet-100 text-violet-800 dark:bg-violet-950 dark:text-violet-300',
  delete: 'bg-red-100 text-red-800 dark:bg-red-950 dark:text-red-300',
};

function schemaType(schema: unknown): string {
  const s = schema as { type?: string | string[]; enum?: unknown[]; anyOf?: unknown[] } | undefined;
  if (!s) return '';
  if (s.enum) return s.enum.map(String).join(' | ');
  if (s.anyOf) return s.anyOf.map(schemaType).join(' | ');
  return Array.isArray(s.type) ? s.type.join(' | ') : (s.type ?? '');
}

export function OperationList({ paths }: { paths: Record<string, Record<string, unknown>> }) {
  const t = useTranslations('apiDocs');
  return (
    <div className="flex flex-col gap-3" data-testid="api-operations">
      {Object.entries(paths).flatMap(([path, methods]) =>
        Object.entries(methods).map(([method, raw]) => {
          const op = raw as OperationDoc;
          const body = op.requestBody?.content['application/json']?.schema;
          return (
            <details key={`${method} ${path}`} className={cardClass}>
              <summary className="flex cursor-pointer items-center gap-3 px-4 py-2.5">
                <span
                  className={`w-16 rounded px-2 py-0.5 text-center font-mono text-xs font-semibold uppercase ${methodTone[method] ?? ''}`}
                >
                  {method}
                </span>
                <span className="font-mono text-sm">{path}</span>
                <span className="ml-auto truncate text-sm text-zinc-500 dark:text-zinc-400">
                  {op.summary}
                </span>
              </summary>
              <div className="border-t border-zinc-100 px-4 py-3 text-sm dark:border-zinc-800">
                <p className="mb-2">{op.summary}</p>
                {op.parameters.length > 0 ? (
                  <table className="mb-2 w-full text-left text-xs">
                    <tbody>
                      {op.parameters.map((p) => (
                        <tr
                          key={`${p.in}-${p.name}`}
                          className="border-b border-zinc-100 last:border-0 dark:border-zinc-800"
                        >
                          <td className="py-1 pr-3 font-mono">{p.name}</td>
                          <td className="py-1 pr-3 text-zinc-500">
                            {p.in === 'path' ? t('path') : t('query')}
                          </td>
                          <td className="py-1 pr-3 font-mono text-zinc-500">{schemaType(p.schema)}</td>
                          <td className="py-1 pr-3">{p.required ? t('required') : ''}</td>
                          <td className="py-1 text-zinc-600 dark:text-zinc-400">{p.description}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                ) : null}
                {body ? (
                  <>
                    <div className="mt-2 text-xs font-medium text-zinc-500">{t('body')}</div>
                    <pre className="mt-1 max-h-72 overflow-auto rounded bg-zinc-50 p-2 font-mono text-xs dark:bg-zinc-950">
                      {JSON.stringify(body, null, 2)}
                    </pre>
                  </>
                ) : null}
              </div>
            </details>
          );
        }),
      )}
    </div>
  );
}
