'use client';
import { ArrowLeft } from 'lucide-react';
import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { useEtcdAuthStatus, useEtcdRoles, useEtcdUsers, useRefreshEtcdAuth } from '@/lib/hooks/use-etcd-auth';
import { useMe } from '@/lib/hooks/use-me';
import { Alert } from '../ui/alert';
import { PageTitle } from '../ui/page-title';
import { AuthStatusPanel } from './auth-status-panel';
import { RolesPanel } from './roles-panel';
import { UsersPanel } from './users-panel';

/** etcd's own users and roles (not the console's logins), and etcd's auth switch. Admins only. */
export function EtcdAuthPage() {
  const t = useTranslations('etcdAuth');
  const { me, isAdmin } = useMe();
  const status = useEtcdAuthStatus(isAdmin);
  const users = useEtcdUsers(isAdmin);
  const roles = useEtcdRoles(isAdmin);
  const refresh = useRefreshEtcdAuth();
  const changed = () => void refresh();
  const firstError = status.error ?? users.error ?? roles.error;
  return (
    <div>
      <Link
        href="/cluster"
        className="mb-2 inline-flex items-center gap-1 rounded text-sm text-zinc-600 hover:text-zinc-900 focus-visible:outline-2 focus-visible:outline-sky-500 dark:text-zinc-400 dark:hover:text-zinc-100"
        data-testid="back-to-cluster"
      >
        <ArrowLeft className="size-3.5" aria-hidden />
        {t('back')}
      </Link>
      <PageTitle>{t('title')}</PageTitle>
      <p className="-mt-4 mb-6 text-sm text-zinc-600 dark:text-zinc-400">{t('intro')}</p>
      {me && !isAdmin ? (
        <Alert tone="info" testId="etcd-auth-admin-only">
          {t('adminOnly')}
        </Alert>
      ) : null}
      {firstError ? (
        <div className="mb-4">
          <Alert tone="error" title={t('loadError')} testId="etcd-auth-error">
            {firstError.message}
          </Alert>
        </div>
      ) : null}
      {isAdmin ? (
        <div className="flex flex-col gap-6">
          {status.data ? <AuthStatusPanel status={status.data} onChanged={changed} /> : null}
          <div className="grid gap-6 xl:grid-cols-2 xl:items-start">
            {users.data ? (
              <UsersPanel
                users={users.data.users}
                roles={roles.data?.roles.map((r) => r.name) ?? []}
                authEnabled={status.data?.enabled ?? false}
                onChanged={changed}
              />
            ) : null}
            {roles.data ? <RolesPanel roles={roles.data.roles} onChanged={changed} /> : null}
          </div>
        </div>
      ) : null}
    </div>
  );
}
