'use client';
import { useTranslations } from 'next-intl';
import { useEffect, useState } from 'react';
import { etcdAuthApi } from '@/lib/client/etcd-auth-api';
import { ConfirmDialog } from '../ui/confirm-dialog';
import { Input } from '../ui/input';

function PasswordFields({
  password,
  repeat,
  onPassword,
  onRepeat,
  autoFocus,
}: {
  password: string;
  repeat: string;
  onPassword: (v: string) => void;
  onRepeat: (v: string) => void;
  autoFocus?: boolean;
}) {
  const t = useTranslations('etcdAuth.users');
  const mismatch = repeat.length > 0 && password !== repeat;
  return (
    <>
      <label className="flex flex-col gap-1">
        <span className="text-xs text-zinc-500 dark:text-zinc-400">{t('password')}</span>
        <Input
          type="password"
          autoComplete="new-password"
          value={password}
          autoFocus={autoFocus}
          onChange={(e) => onPassword(e.target.value)}
          data-testid="user-password"
        />
      </label>
      <label className="flex flex-col gap-1">
        <span className="text-xs text-zinc-500 dark:text-zinc-400">{t('repeatPassword')}</span>
        <Input
          type="password"
          autoComplete="new-password"
          value={repeat}
          onChange={(e) => onRepeat(e.target.value)}
          aria-invalid={mismatch}
          data-testid="user-password-repeat"
        />
        {mismatch ? <span className="text-xs text-red-600 dark:text-red-400">{t('mismatch')}</span> : null}
      </label>
    </>
  );
}

/** A new etcd user: name, password twice, and roles to grant right away. */
export function CreateUserDialog({
  open,
  onClose,
  roles,
  onDone,
}: {
  open: boolean;
  onClose: () => void;
  roles: string[];
  onDone: () => void;
}) {
  const t = useTranslations('etcdAuth.users');
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [granted, setGranted] = useState<string[]>([]);
  useEffect(() => {
    if (!open) return;
    setName('');
    setPassword('');
    setRepeat('');
    setGranted([]);
  }, [open]);
  const ready = name.trim().length > 0 && password.length > 0 && password === repeat;
  return (
    <ConfirmDialog
      open={open}
      onClose={onClose}
      title={t('createTitle')}
      confirmLabel={t('create')}
      tone="primary"
      confirmDisabled={!ready}
      focusCancel={false}
      testId="create-user-dialog"
      onConfirm={async () => {
        await etcdAuthApi.createUser(name.trim(), password, granted);
        onDone();
        return undefined;
      }}
    >
      <label className="flex flex-col gap-1">
        <span className="text-xs text-zinc-500 dark:text-zinc-400">{t('name')}</span>
        <Input
          value={name}
          autoFocus
          autoComplete="off"
          onChange={(e) => setName(e.target.value)}
          className="font-mono"
          data-testid="user-name"
        />
        <span className="text-xs text-zinc-500 dark:text-zinc-400">{t('nameHint')}</span>
      </label>
      <PasswordFields password={password} repeat={repeat} onPassword={setPassword} onRepeat={setRepeat} />
      <fieldset className="flex flex-col gap-1">
        <legend className="mb-1 text-xs text-zinc-500 dark:text-zinc-400">{t('initialRoles')}</legend>
        <div className="flex flex-wrap gap-x-4 gap-y-1">
          {roles.map((role) => (
            <label key={role} className="inline-flex items-center gap-1.5 font-mono text-xs">
              <input
                type="checkbox"
                className="size-4 accent-sky-600"
                checked={granted.includes(role)}
                onChange={(e) =>
                  setGranted(e.target.checked ? [...granted, role] : granted.filter((r) => r !== role))
                }
              />
              {role}
            </label>
          ))}
        </div>
      </fieldset>
    </ConfirmDialog>
  );
}

/** A new password for one user, typed twice. */
export function PasswordDialog({ user, onClose }: { user: string | null; onClose: () => void }) {
  const t = useTranslations('etcdAuth.users');
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  useEffect(() => {
    setPassword('');
    setRepeat('');
  }, [user]);
  return (
    <ConfirmDialog
      open={user !== null}
      onClose={onClose}
      title={t('passwordTitle', { user: user ?? '' })}
      confirmLabel={t('setPassword')}
      tone="primary"
      confirmDisabled={password.length === 0 || password !== repeat}
      focusCancel={false}
      testId="password-dialog"
      onConfirm={async () => {
        if (user) await etcdAuthApi.setPassword(user, password);
        return t('passwordSet', { user: user ?? '' });
      }}
    >
      <p>{t('passwordBody')}</p>
      <PasswordFields
        password={password}
        repeat={repeat}
        onPassword={setPassword}
        onRepeat={setRepeat}
        autoFocus
      />
    </ConfirmDialog>
  );
}
