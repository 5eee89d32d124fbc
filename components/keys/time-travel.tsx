'use client';
import { History } from 'lucide-react';
import { useTranslations } from 'next-intl';
import { useEffect, useState } from 'react';
import { Button } from '../ui/button';
import { Input } from '../ui/input';

/** Pin the whole Keys page to a revision (read-only), or ask what changed since one. */
export function TimeTravel({
  revision,
  onView,
  onDiff,
}: {
  revision?: number;
  onView: (revision: number | undefined) => void;
  onDiff: (from: number) => void;
}) {
  const t = useTranslations('keys');
  const [text, setText] = useState(revision ? String(revision) : '');
  useEffect(() => setText(revision ? String(revision) : ''), [revision]);
  const value = Number(text);
  const valid = Number.isInteger(value) && value > 0;
  return (
    <div className="flex items-center gap-2">
      <History className="size-4 text-zinc-500" aria-hidden />
      <Input
        value={text}
        onChange={(e) => setText(e.target.value.replace(/[^\d]/g, ''))}
        placeholder={t('revision')}
        className="w-28 tabular-nums"
        inputMode="numeric"
        aria-label={t('timeTravel')}
        data-testid="revision-input"
      />
      <Button size="sm" disabled={!valid} onClick={() => onView(value)} data-testid="view-at-revision">
        {t('viewAt')}
      </Button>
      <Button size="sm" disabled={!valid} onClick={() => onDiff(value)} data-testid="changes-since">
        {t('changesSince')}
      </Button>
      {revision ? (
        <Button size="sm" variant="ghost" onClick={() => onView(undefined)} data-testid="back-to-live">
          {t('backToLive')}
        </Button>
      ) : null}
    </div>
  );
}
