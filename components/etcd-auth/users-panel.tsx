'use client';
import { KeyRound, Plus, Trash2, X } from 'lucide-react';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { etcdAuthApi } from '@/lib/client/etcd-auth-api';
import type { EtcdUser } from '@/lib/hooks/use-etcd-auth';
import { Alert } from '../ui/alert';
import { Button } from '../ui/button';
import { ConfirmDialog } from '../ui/confirm-dialog';
import { DataTable, dataRowClass } from '../ui/data-table';
import { Select } from '../ui/input';
import { CreateUserDialog, PasswordDialog } from './user-dialogs';

type Pending = { kind: 'delete'; user: string } | { kind: 'revoke'; user: string; role: string } | null;

/** One user's row: its roles (each revocable), a role to grant, password and delete. */
function UserRow({
  user,
  roles,
  onAsk,
  onPassword,
  onChanged,
}: {
  user: EtcdUser;
  roles: string[];
  onAsk: (p: Pending) => void;
  onPassword: (user: string) => void;
  onChanged: () => void;
}) {
  const t = useTranslations('etcdAuth.users');
  const grantable = roles.filter((r) => !user.roles.includes(r));
  const [role, setRole] = useState('');
  const [error, setError] = useState<string | null>(null);
  async function grant() {
    if (!role) return;
    setError(null);
    try {
      await etcdAuthApi.grantRole(user.name, role);
      setRole('');
      onChanged();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  }
  return (
    <tr className={dataRowClass} data-testid="user-row" data-user={user.name}>
      <td className="px-3 py-2 font-mono font-medium break-all">{user.name}</td>
      <td className="px-3 py-2">
        <div className="flex flex-wrap gap-1.5">
          {user.roles.length === 0 ? <span className="text-xs text-zinc-500">{t('noRoles')}</span> : null}
          {user.roles.map((r) => (
            <span
              key={r}
              data-testid="user-role"
              className={`inline-flex items-center gap-1 rounded py-0.5 pr-0.5 pl-1.5 font-mono text-xs ${
                r === 'root'
                  ? 'bg-violet-100 text-violet-800 dark:bg-violet-950 dark:text-violet-300'
                  : 'bg-zinc-100 text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300'
              }`}
            >
              {r}
              <button
                type="button"
                onClick={() => onAsk({ kind: 'revoke', user: user.name, role: r })}
                aria-label={t('revokeRoleLabel', { role: r, user: user.name })}
                title={t('revokeRoleLabel', { role: r, user: user.name })}
                className="rounded p-0.5 hover:bg-zinc-200 focus-visible:outline-2 focus-visible:outline-sky-500 dark:hover:bg-zinc-700"
                data-testid="revoke-role"
              >
                <X className="size-3" aria-hidden />
              </button>
            </span>
          ))}
        </div>
        {grantable.length > 0 ? (
          <form
            className="mt-2 flex items-center gap-1.5"
            onSubmit={(e) => {
              e.preventDefault();
              void grant();
            }}
          >
            <Select
              value={role}
              onChange={(e) => setRole(e.target.value)}
              className="h-7 text-xs"
              aria-label={t('grantRoleLabel', { user: user.name })}
              data-testid="grant-role-select"
            >
              <option value="">{t('chooseRole')}</option>
              {grantable.map((r) => (
                <option key={r} value={r}>
                  {r}
                </option>
              ))}
            </Select>
            <Button type="submit" size="sm" disabled={!role} data-testid="grant-role">
              {t('grant')}
            </Button>
          </form>
        ) : null}
        {error ? (
          <div className="mt-2">
            <Alert tone="error">{error}</Alert>
          </div>
        ) : null}
      </td>
      <td className="px-3 py-2">
        <div className="flex justify-end gap-1.5">
          <Button size="sm" onClick={() => onPassword(user.name)} data-testid="user-password-open">
            <KeyRound className="size-3.5" aria-hidden />
            {t('password')}
          </Button>
          <Button
            size="sm"
            variant="ghost"
            onClick={() => onAsk({ kind: 'delete', user: user.name })}
            aria-label={t('deleteLabel', { user: user.name })}
            title={t('deleteLabel', { user: user.name })}
            data-testid="user-delete"
          >
            <Trash2 className="size-3.5 text-red-600 dark:text-red-400" aria-hidden />
          </Button>
        </div>
      </td>
    </tr>
  );
}

/** etcd's users: create, delete, set a password, grant and revoke roles. */
export function UsersPanel({
  users,
  roles,
  authEnabled,
  onChanged,
}: {
  users: EtcdUser[];
  roles: string[];
  authEnabled: boolean;
  onChanged: () => void;
}) {
  const t = useTranslations('etcdAuth.users');
  const [creating, setCreating] = useState(false);
  const [passwordFor, setPasswordFor] = useState<string | null>(null);
  const [pending, setPending] = useState<Pending>(null);
  // The root role is built into etcd and absent from the role list, but it can be granted.
  const grantable = ['root', ...roles.filter((r) => r !== 'root')];
  return (
    <div className="flex flex-col gap-3">
      <div className="flex items-center justify-between gap-2">
        <h2 className="text-sm font-semibold text-zinc-700 dark:text-zinc-300">
          {t('heading', { count: users.length })}
        </h2>
        <Button size="sm" variant="primary" onClick={() => setCreating(true)} data-testid="user-create-open">
          <Plus className="size-3.5" aria-hidden />
          {t('new')}
        </Button>
      </div>
      <DataTable
        columns={[
          { id: 'name', header: t('name'), cell: () => null },
          { id: 'roles', header: t('roles'), cell: () => null },
          {
            id: 'actions',
            header: <span className="sr-only">{t('actions')}</span>,
            className: 'text-right',
            cell: () => null,
          },
        ]}
        rows={users}
        rowKey={(u) => u.name}
        // A user's row holds its own state (the role being granted): it draws itself.
        renderRow={(u) => (
          <UserRow
            user={u}
            roles={grantable}
            onAsk={setPending}
            onPassword={setPasswordFor}
            onChanged={onChanged}
          />
        )}
        testId="users-table"
        empty={t('empty')}
        emptyTestId="users-empty"
      />

      <CreateUserDialog
        open={creating}
        onClose={() => setCreating(false)}
        roles={grantable}
        onDone={onChanged}
      />
      <PasswordDialog user={passwordFor} onClose={() => setPasswordFor(null)} />
      <ConfirmDialog
        open={pending !== null}
        onClose={() => setPending(null)}
        title={
          pending?.kind === 'delete'
            ? t('deleteTitle', { user: pending.user })
            : pending
              ? t('revokeTitle', { role: pending.role, user: pending.user })
              : ''
        }
        confirmLabel={pending?.kind === 'delete' ? t('delete') : t('revoke')}
        testId="user-confirm-dialog"
        onConfirm={async () => {
          if (pending?.kind === 'delete') await etcdAuthApi.deleteUser(pending.user);
          else if (pending) await etcdAuthApi.revokeRole(pending.user, pending.role);
          onChanged();
          return undefined;
        }}
      >
        {pending?.kind === 'delete' ? (
          <p>{t('deleteBody', { user: pending.user })}</p>
        ) : pending ? (
          <p>{t('revokeBody', { role: pending.role, user: pending.user })}</p>
        ) : null}
        {authEnabled &&
        pending &&
        (pending.user === 'root' || (pending.kind === 'revoke' && pending.role === 'root')) ? (
          <Alert tone="warning">{t('rootWhileEnabled')}</Alert>
        ) : null}
      </ConfirmDialog>
    </div>
  );
}
