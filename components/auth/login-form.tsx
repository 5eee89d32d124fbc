'use client';
import { Database } from 'lucide-react';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { safeNextPath } from '@/lib/auth/safe-next-path';
import { fetchJson } from '@/lib/client/fetcher';
import { Alert } from '../ui/alert';
import { Button } from '../ui/button';
import { cardClass } from '../ui/card';
import { Input } from '../ui/input';

/** `next`: where to go once signed in, already checked by the page (and checked again here). */
export function LoginForm({ next }: { next: string }) {
  const t = useTranslations('auth');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit() {
    setBusy(true);
    setError(null);
    try {
      await fetchJson('/api/v1/auth/login', { method: 'POST', body: JSON.stringify({ username, password }) });
      // Only same-origin paths: never an open redirect.
      window.location.assign(safeNextPath(next));
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
      setBusy(false);
    }
  }

  return (
    <form
      className={`w-full max-w-sm p-6 shadow-sm ${cardClass}`}
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <div className="mb-5 flex items-center gap-2 text-lg font-semibold">
        <Database className="size-5 text-sky-600" aria-hidden /> {t('title')}
      </div>
      <label className="mb-3 flex flex-col gap-1 text-sm">
        {t('username')}
        <Input
          value={username}
          onChange={(e) => setUsername(e.target.value)}
          autoComplete="username"
          autoFocus
          data-testid="login-username"
        />
      </label>
      <label className="mb-4 flex flex-col gap-1 text-sm">
        {t('password')}
        <Input
          type="password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          autoComplete="current-password"
          data-testid="login-password"
        />
      </label>
      {error ? (
        <div className="mb-3">
          <Alert tone="error" testId="login-error">
            {error}
          </Alert>
        </div>
      ) : null}
      <Button
        type="submit"
        variant="primary"
        className="w-full"
        disabled={busy || !username || !password}
        data-testid="login-submit"
      >
        {t('signIn')}
      </Button>
    </form>
  );
}
