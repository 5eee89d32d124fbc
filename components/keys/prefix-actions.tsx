'use client';
import { Download, FilePlus, Trash2, Upload } from 'lucide-react';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { useMe } from '@/lib/hooks/use-me';
import { Button } from '../ui/button';
import { DeletePrefixDialog } from './delete-prefix-dialog';
import { ImportDialog } from './import-dialog';
import { NewKeyDialog } from './new-key-dialog';

/** New key, export, import and guarded prefix delete for the prefix being browsed. */
export function PrefixActions({
  prefix,
  revision,
  onCreated,
}: {
  prefix: string;
  revision?: number;
  onCreated: (key: string) => void;
}) {
  const t = useTranslations('keys');
  const [open, setOpen] = useState<'new' | 'import' | 'delete' | null>(null);
  const { canWrite, isAdmin } = useMe();
  const exportUrl = `/api/v1/kv/export?prefix=${encodeURIComponent(prefix)}${revision ? `&revision=${revision}` : ''}`;
  return (
    <div className="flex items-center gap-2">
      {!revision && canWrite(prefix) ? (
        <Button size="sm" onClick={() => setOpen('new')} data-testid="new-key">
          <FilePlus className="size-3.5" aria-hidden /> {t('newKey')}
        </Button>
      ) : null}
      <a
        href={exportUrl}
        download
        className="inline-flex h-7 items-center gap-1.5 rounded-md border border-zinc-300 px-2.5 text-xs font-medium hover:bg-zinc-50 dark:border-zinc-700 dark:hover:bg-zinc-800"
      >
        <Download className="size-3.5" aria-hidden /> {t('export')}
      </a>
      {!revision && isAdmin ? (
        <>
          <Button size="sm" onClick={() => setOpen('import')}>
            <Upload className="size-3.5" aria-hidden /> {t('import')}
          </Button>
          <Button
            size="sm"
            variant="ghost"
            onClick={() => setOpen('delete')}
            disabled={prefix === '' || prefix === '/'}
            data-testid="delete-prefix"
          >
            <Trash2 className="size-3.5" aria-hidden /> {t('deletePrefix')}
          </Button>
        </>
      ) : null}
      <NewKeyDialog
        open={open === 'new'}
        prefix={prefix}
        onClose={() => setOpen(null)}
        onCreated={onCreated}
      />
      <ImportDialog open={open === 'import'} onClose={() => setOpen(null)} />
      {open === 'delete' ? <DeletePrefixDialog prefix={prefix} onClose={() => setOpen(null)} /> : null}
    </div>
  );
}
