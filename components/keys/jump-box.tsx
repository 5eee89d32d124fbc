'use client';
import { useTranslations } from 'next-intl';
import { useId, useState } from 'react';
import { useChildren } from '@/lib/hooks/use-kv';
import { Button } from '../ui/button';
import { Input } from '../ui/input';
import { parentPrefix } from './use-keys-url';

/** Type a key to open it, or a prefix (ending in "/") to browse it; completes from the keyspace as you type. */
export function JumpBox({
  revision,
  onKey,
  onPrefix,
}: {
  revision?: number;
  onKey: (key: string) => void;
  onPrefix: (prefix: string) => void;
}) {
  const t = useTranslations('keys');
  const [text, setText] = useState('');
  const listId = useId();
  const base = text.includes('/') ? parentPrefix(text.endsWith('/') ? `${text}x` : text) : '';
  const { data } = useChildren(text.length > 0 ? base : null, revision);
  const suggestions = (data?.children ?? [])
    .filter((c) => c.encoding !== 'base64')
    .flatMap((c) => [c.isLeaf ? c.key : null, c.prefix ?? null])
    .filter((s): s is string => s !== null && s.startsWith(text))
    .slice(0, 50);

  return (
    <form
      className="flex gap-2"
      onSubmit={(e) => {
        e.preventDefault();
        if (!text) return;
        if (text.endsWith('/')) onPrefix(text);
        else onKey(text);
      }}
    >
      <Input
        value={text}
        onChange={(e) => setText(e.target.value)}
        placeholder={t('jumpPlaceholder')}
        list={listId}
        className="w-80 font-mono"
        data-testid="jump-input"
        aria-label={t('jumpPlaceholder')}
      />
      <datalist id={listId}>
        {suggestions.map((s) => (
          <option key={s} value={s} />
        ))}
      </datalist>
      <Button type="submit">{t('jump')}</Button>
    </form>
  );
}
