// next-intl without locale routing: the language is a cookie the switcher sets, English by default.
import { cookies } from 'next/headers';
import { getRequestConfig } from 'next-intl/server';
import { defaultLocale, isLocale, LOCALE_COOKIE } from './locales';

export default getRequestConfig(async () => {
  const store = await cookies();
  const wanted = store.get(LOCALE_COOKIE)?.value;
  const locale = isLocale(wanted) ? wanted : defaultLocale;
  const messages = (await import(`../../messages/${locale}.json`)).default;
  return { locale, messages };
});
