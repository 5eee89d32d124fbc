// next-intl without locale routing: the language is a cookie the switcher sets, English by default.
import { cookies } from 'next/headers';
import { getRequestConfig } from 'next-intl/server';
import { defaultLocale, isLocale, LOCALE_COOKIE } from './locales';

/** One catalog file per area (messages/<locale>/<area>.json), each holding its own top-level namespaces. */
const areas = [
  'core',
  'keys',
  'changesets',
  'services',
  'coordination',
  'workers',
  'cluster',
  'watch',
  'webhooks',
] as const;

async function loadMessages(locale: string): Promise<Record<string, unknown>> {
  const parts = await Promise.all(
    areas.map((area) =>
      import(`../../messages/${locale}/${area}.json`).then(
        (m) => m.default as Record<string, unknown>,
        () => ({}),
      ),
    ),
  );
  return Object.assign({}, ...parts);
}

export default getRequestConfig(async () => {
  const store = await cookies();
  const wanted = store.get(LOCALE_COOKIE)?.value;
  const locale = isLocale(wanted) ? wanted : defaultLocale;
  return { locale, messages: await loadMessages(locale) };
});
