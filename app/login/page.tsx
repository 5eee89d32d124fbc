import type { Metadata } from 'next';
import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { LoginForm } from '@/components/auth/login-form';
import { Alert } from '@/components/ui/alert';
import { authConfig } from '@/lib/auth/auth-config';
import { isLocalCaller, UNGATED_MESSAGE } from '@/lib/auth/peer';
import { safeNextPath } from '@/lib/auth/safe-next-path';

export const metadata: Metadata = { title: 'Sign in' };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function LoginPage({ searchParams }: Props) {
  // Validate `next` here: a path on this console only, never an open redirect.
  const wanted = (await searchParams).next;
  const next = safeNextPath(typeof wanted === 'string' ? wanted : null);
  if (authConfig().mode === 'none') {
    // Login off: a caller who came through the front door is already in; anyone else cannot be.
    if (isLocalCaller(await headers())) redirect(next);
    return (
      <main className="flex min-h-screen items-center justify-center p-6">
        <div className="w-full max-w-md">
          <Alert tone="error" testId="login-off-ungated">
            {UNGATED_MESSAGE}
          </Alert>
        </div>
      </main>
    );
  }
  return (
    <main className="flex min-h-screen items-center justify-center p-6">
      <LoginForm next={next} />
    </main>
  );
}
