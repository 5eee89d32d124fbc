'use client';
import { Plus, Trash2, X } from 'lucide-react';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { etcdAuthApi, type PermissionType } from '@/lib/client/etcd-auth-api';
import type { EtcdPermission, EtcdRole } from '@/lib/hooks/use-etcd-auth';
import { Alert } from '../ui/alert';
import { Badge } from '../ui/badge';
import { Button } from '../ui/button';
import { Card } from '../ui/card';
import { ConfirmDialog } from '../ui/confirm-dialog';
import { Input, Select } from '../ui/input';

const permissionTone = { read: 'blue', write: 'amber', readwrite: 'violet' } as const;

type Pending =
  | { kind: 'delete'; role: string }
  | { kind: 'revoke'; role: string; permission: EtcdPermission }
  | null;

/** How far a permission reaches: one key, every key under a prefix, or an explicit range. */
function PermissionTarget({ p }: { p: EtcdPermission }) {
  const t = useTranslations('etcdAuth.roles');
  const key = p.key === '' && p.prefix ? t('everyKey') : p.key;
  return (
    <span className="flex min-w-0 flex-wrap items-center gap-1.5">
      <span className="font-mono text-xs break-all">{key}</span>
      {p.keyEncoding === 'base64' ? <Badge>base64</Badge> : null}
      <span className="text-xs text-zinc-500 dark:text-zinc-400">
        {p.prefix
          ? t('scopePrefix')
          : p.rangeEnd === null
            ? t('scopeKey')
            : t('scopeRange', { end: p.rangeEnd })}
      </span>
    </span>
  );
}

/** The form that grants read, write or readwrite on a key or a prefix. */
function GrantForm({ role, onChanged }: { role: string; onChanged: () => void }) {
  const t = useTranslations('etcdAuth.roles');
  const [key, setKey] = useState('');
  const [prefix, setPrefix] = useState(true);
  const [permission, setPermission] = useState<PermissionType>('read');
  const [error, setError] = useState<string | null>(null);
  async function grant() {
    setError(null);
    try {
      await etcdAuthApi.grantPermission(role, key, prefix, permission);
      setKey('');
      onChanged();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  }
  return (
    <form
      className="flex flex-col gap-2 border-t border-zinc-100 pt-3 dark:border-zinc-800"
      onSubmit={(e) => {
        e.preventDefault();
        void grant();
      }}
      data-testid="grant-permission-form"
    >
      <div className="flex flex-wrap items-end gap-2">
        <label className="flex min-w-48 flex-1 flex-col gap-1">
          <span className="text-xs text-zinc-500 dark:text-zinc-400">{t('key')}</span>
          <Input
            value={key}
            onChange={(e) => setKey(e.target.value)}
            placeholder={prefix ? t('prefixPlaceholder') : t('keyPlaceholder')}
            className="h-8 font-mono text-xs"
            data-testid="permission-key"
          />
        </label>
        <label className="flex flex-col gap-1">
          <span className="text-xs text-zinc-500 dark:text-zinc-400">{t('permission')}</span>
          <Select
            value={permission}
            onChange={(e) => setPermission(e.target.value as PermissionType)}
            className="h-8 text-xs"
            data-testid="permission-type"
          >
            <option value="read">{t('type.read')}</option>
            <option value="write">{t('type.write')}</option>
            <option value="readwrite">{t('type.readwrite')}</option>
          </Select>
        </label>
        <label className="inline-flex h-8 items-center gap-1.5 text-xs">
          <input
            type="checkbox"
            className="size-4 accent-sky-600"
            checked={prefix}
            onChange={(e) => setPrefix(e.target.checked)}
            data-testid="permission-prefix"
          />
          {t('asPrefix')}
        </label>
        <Button
          type="submit"
          size="sm"
          className="h-8"
          disabled={!prefix && key.length === 0}
          data-testid="grant-permission"
        >
          {t('grant')}
        </Button>
      </div>
      <p className="text-xs text-zinc-500 dark:text-zinc-400">{t('keyHint')}</p>
      {error ? <Alert tone="error">{error}</Alert> : null}
    </form>
  );
}

/** etcd's roles, each with its permissions on keys and prefixes. */
export function RolesPanel({ roles, onChanged }: { roles: EtcdRole[]; onChanged: () => void }) {
  const t = useTranslations('etcdAuth.roles');
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState<Pending>(null);

  async function create() {
    setError(null);
    try {
      await etcdAuthApi.createRole(name.trim());
      setName('');
      onChanged();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  }

  return (
    <div className="flex flex-col gap-3">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 className="text-sm font-semibold text-zinc-700 dark:text-zinc-300">
          {t('heading', { count: roles.length })}
        </h2>
        <form
          className="flex items-center gap-1.5"
          onSubmit={(e) => {
            e.preventDefault();
            void create();
          }}
        >
          <Input
            value={name}
            onChange={(e) => setName(e.target.value)}
            placeholder={t('newPlaceholder')}
            aria-label={t('newLabel')}
            className="h-7 w-44 font-mono text-xs"
            data-testid="role-name"
          />
          <Button type="submit" size="sm" variant="primary" disabled={!name.trim()} data-testid="role-create">
            <Plus className="size-3.5" aria-hidden />
            {t('create')}
          </Button>
        </form>
      </div>
      {error ? <Alert tone="error">{error}</Alert> : null}
      <p className="text-xs text-zinc-500 dark:text-zinc-400">{t('rootNote')}</p>
      {roles.length === 0 ? (
        <div
          className="rounded-lg border border-dashed border-zinc-300 px-3 py-6 text-center text-sm text-zinc-500 dark:border-zinc-700"
          data-testid="roles-empty"
        >
          {t('empty')}
        </div>
      ) : null}
      {roles.map((role) => (
        <Card
          padded
          key={role.name}
          className="flex flex-col gap-3"
          data-testid="role-card"
          data-role={role.name}
        >
          <div className="flex items-center gap-2">
            <h3 className="font-mono font-medium break-all">{role.name}</h3>
            <span className="text-xs text-zinc-500 dark:text-zinc-400">
              {t('permissionCount', { count: role.permissions.length })}
            </span>
            <Button
              size="sm"
              variant="ghost"
              className="ml-auto"
              onClick={() => setPending({ kind: 'delete', role: role.name })}
              aria-label={t('deleteLabel', { role: role.name })}
              title={t('deleteLabel', { role: role.name })}
              data-testid="role-delete"
            >
              <Trash2 className="size-3.5 text-red-600 dark:text-red-400" aria-hidden />
            </Button>
          </div>
          {role.permissions.length === 0 ? (
            <p className="text-xs text-zinc-500">{t('noPermissions')}</p>
          ) : (
            <ul className="flex flex-col gap-1.5">
              {role.permissions.map((p) => {
                // The API revokes exactly a key or a prefix; an explicit range (set with etcdctl) cannot be.
                const revocable = p.prefix || p.rangeEnd === null;
                return (
                  <li
                    key={`${p.keyEncoding}:${p.key}:${p.rangeEnd ?? ''}`}
                    className="flex items-center gap-2"
                    data-testid="permission-row"
                  >
                    <Badge tone={permissionTone[p.permission]}>{t(`type.${p.permission}`)}</Badge>
                    <PermissionTarget p={p} />
                    <button
                      type="button"
                      disabled={!revocable}
                      onClick={() => setPending({ kind: 'revoke', role: role.name, permission: p })}
                      aria-label={t('revokeLabel')}
                      title={revocable ? t('revokeLabel') : t('notRevocable')}
                      className="ml-auto rounded p-1 text-zinc-500 hover:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-sky-500 disabled:opacity-40 dark:hover:bg-zinc-800"
                      data-testid="permission-revoke"
                    >
                      <X className="size-3.5" aria-hidden />
                    </button>
                  </li>
                );
              })}
            </ul>
          )}
          <GrantForm role={role.name} onChanged={onChanged} />
        </Card>
      ))}

      <ConfirmDialog
        open={pending !== null}
        onClose={() => setPending(null)}
        title={
          pending?.kind === 'delete'
            ? t('deleteTitle', { role: pending.role })
            : pending
              ? t('revokeTitle', { role: pending.role })
              : ''
        }
        confirmLabel={pending?.kind === 'delete' ? t('delete') : t('revoke')}
        testId="role-confirm-dialog"
        onConfirm={async () => {
          if (pending?.kind === 'delete') await etcdAuthApi.deleteRole(pending.role);
          else if (pending)
            await etcdAuthApi.revokePermission(
              pending.role,
              pending.permission.key,
              pending.permission.prefix,
              pending.permission.keyEncoding,
            );
          onChanged();
          return undefined;
        }}
      >
        {pending?.kind === 'delete' ? <p>{t('deleteBody', { role: pending.role })}</p> : null}
        {pending?.kind === 'revoke' ? (
          <>
            <p>
              {t('revokeBody', {
                role: pending.role,
                permission: t(`type.${pending.permission.permission}`),
              })}
            </p>
            <div className="rounded-md bg-zinc-50 px-3 py-2 dark:bg-zinc-800">
              <PermissionTarget p={pending.permission} />
            </div>
          </>
        ) : null}
      </ConfirmDialog>
    </div>
  );
}
