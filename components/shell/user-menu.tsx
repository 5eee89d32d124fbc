'use client';
import { LogOut, ShieldAlert } from 'lucide-react';
import { useTranslations } from 'next-intl';
import { fetchJson } from '@/lib/client/fetcher';
import { useMe } from '@/lib/hooks/use-me';

/** Who is signed in, with a sign-out button; or a plain warning when login is off. */
export function UserMenu() {
  const t = useTranslations('auth');
  const { me } = useMe();
  if (!me) return null;
  if (me.mode === 'none') {
    return (
      <span
        data-testid="open-mode-banner"
        className="inline-flex items-center gap-1.5 rounded-full bg-amber-100 px-2.5 py-1 text-xs text-amber-900 dark:bg-amber-950 dark:text-amber-200"
        title={t('openModeHint')}
      >
        <ShieldAlert className="size-3.5" aria-hidden />
        {t('openMode')}
      </span>
    );
  }
  return (
    <span className="inline-flex items-center gap-2 text-sm">
      <span data-testid="current-user" className="text-zinc-700 dark:text-zinc-300">
        {me.user?.name}{' '}
        <span className="text-xs text-zinc-500">({me.user ? t(`role.${me.user.role}`) : ''})</span>
      </span>
      {me.readOnly ? (
        <span className="rounded bg-zinc-100 px-1.5 py-0.5 text-xs dark:bg-zinc-800">{t('readOnly')}</span>
      ) : null}
      <button
        type="button"
        data-testid="logout"
        aria-label={t('signOut')}
        title={t('signOut')}
        className="rounded-md p-1.5 text-zinc-600 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-800"
        onClick={async () => {
          await fetchJson('/api/v1/auth/logout', { method: 'POST' }).catch(() => {});
          window.location.assign('/login');
        }}
      >
        <LogOut className="size-4" aria-hidden />
      </button>
    </span>
  );
}
