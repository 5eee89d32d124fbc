'use client';
import { Languages } from 'lucide-react';
import { useRouter } from 'next/navigation';
import { useLocale, useTranslations } from 'next-intl';
import { useTransition } from 'react';
import { LOCALE_COOKIE, type Locale } from '@/lib/i18n/locales';

const names: Record<Locale, string> = { en: 'English', zh: '中文' };

export function LocaleSwitch() {
  const t = useTranslations('header');
  const locale = useLocale() as Locale;
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const next: Locale = locale === 'en' ? 'zh' : 'en';

  function switchLocale() {
    // Remembered for a year; the server reads it on every request.
    document.cookie = `${LOCALE_COOKIE}=${next}; path=/; max-age=31536000; samesite=lax`;
    startTransition(() => router.refresh());
  }

  return (
    <button
      type="button"
      onClick={switchLocale}
      disabled={pending}
      data-testid="locale-switch"
      aria-label={`${t('language')}: ${names[next]}`}
      className="inline-flex items-center gap-1.5 rounded-md px-2 py-1 text-sm text-zinc-600 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-800"
    >
      <Languages className="size-4" aria-hidden />
      {names[next]}
    </button>
  );
}
