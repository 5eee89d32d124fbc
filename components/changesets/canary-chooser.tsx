'use client';
// Choosing the canary's instances: tick them, or give a share of one app's live instances.
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import type { CanaryAnswer } from '@/lib/client/changesets-api';
import { Button } from '../ui/button';
import { Input, Select } from '../ui/input';

type Body =
  | { targets: Array<{ app: string; instance: string }> }
  | { share: { app: string; percent: number } };

type Props = {
  candidates: CanaryAnswer['candidates'];
  blockers: string[];
  busy: boolean;
  onStart: (body: Body) => void;
};

export function CanaryChooser({ candidates, blockers, busy, onStart }: Props) {
  const t = useTranslations('changesets.canary');
  const [by, setBy] = useState<'instances' | 'share'>('instances');
  const [picked, setPicked] = useState<Set<string>>(new Set());
  const apps = [...new Set(candidates.map((c) => c.app))];
  const [app, setApp] = useState(apps[0] ?? '');
  const [percent, setPercent] = useState(25);
  const id = (c: { app: string; instance: string }) => `${c.app}/${c.instance}`;
  const toggle = (key: string) =>
    setPicked((now) => {
      const next = new Set(now);
      if (next.has(key)) next.delete(key);
      else next.add(key);
      return next;
    });
  const ready = by === 'share' ? app !== '' : picked.size > 0;
  const start = () =>
    onStart(
      by === 'share'
        ? { share: { app, percent } }
        : {
            targets: candidates
              .filter((c) => picked.has(id(c)))
              .map(({ app, instance }) => ({ app, instance })),
          },
    );
  return (
    <div className="mt-3 flex flex-col gap-2" data-testid="canary-chooser">
      <div className="flex gap-3 text-sm">
        {(['instances', 'share'] as const).map((mode) => (
          <label key={mode} className="flex items-center gap-1">
            <input
              type="radio"
              checked={by === mode}
              onChange={() => setBy(mode)}
              data-testid={`canary-by-${mode}`}
            />
            {t(`by.${mode}`)}
          </label>
        ))}
      </div>
      {by === 'instances' ? (
        <ul className="flex flex-col gap-1 text-sm">
          {candidates.map((c) => (
            <li key={id(c)}>
              <label className="flex items-center gap-2">
                <input
                  type="checkbox"
                  checked={picked.has(id(c))}
                  onChange={() => toggle(id(c))}
                  data-testid="canary-candidate"
                  data-instance={id(c)}
                />
                <code className="font-mono">{id(c)}</code>
                <span className="text-xs text-zinc-500">
                  {c.host} · {t('follows', { count: c.keys.length })}
                </span>
              </label>
            </li>
          ))}
        </ul>
      ) : (
        <div className="flex items-center gap-2 text-sm">
          <Select
            value={app}
            onChange={(e) => setApp(e.target.value)}
            data-testid="canary-app"
            className="h-8"
          >
            {apps.map((a) => (
              <option key={a}>{a}</option>
            ))}
          </Select>
          <Input
            type="number"
            min={1}
            max={99}
            value={percent}
            onChange={(e) => setPercent(Number(e.target.value))}
            className="h-8 w-20"
            data-testid="canary-percent"
          />
          <span>%</span>
        </div>
      )}
      <div>
        <Button
          variant="primary"
          disabled={busy || !ready || blockers.length > 0}
          title={blockers.join(' ') || undefined}
          onClick={start}
          data-testid="canary-start"
        >
          {t('start')}
        </Button>
      </div>
    </div>
  );
}
