'use client';
import { useTranslations } from 'next-intl';
import { type FormEvent, useState } from 'react';
import { createWebhook, type NewWebhook } from '@/lib/client/webhooks-api';
import { Alert } from '../ui/alert';
import { Button } from '../ui/button';
import { Input } from '../ui/input';

const EVENTS: NewWebhook['events'] = [
  'config.published',
  'propagation.complete',
  'propagation.stuck',
  'service.lost-last-healthy',
];

export function CreateWebhookForm({ onCreated }: { onCreated: (id: string, secret: string) => void }) {
  const t = useTranslations('webhooks');
  const [url, setUrl] = useState('');
  const [prefix, setPrefix] = useState('/config/');
  const [events, setEvents] = useState<NewWebhook['events']>(['config.published']);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setPending(true);
    setError(null);
    try {
      const created = await createWebhook({ url, prefix, events });
      onCreated(created.webhook.id, created.secret);
      setUrl('');
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setPending(false);
    }
  }

  const toggle = (event: NewWebhook['events'][number]) =>
    setEvents((list) => (list.includes(event) ? list.filter((x) => x !== event) : [...list, event]));

  return (
    <form
      onSubmit={submit}
      className="flex flex-col gap-3 rounded-lg border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900"
      data-testid="webhook-create"
    >
      <div className="flex flex-wrap items-end gap-2">
        <label className="flex flex-1 flex-col gap-1 text-xs text-zinc-500">
          {t('url')}
          <Input
            value={url}
            onChange={(e) => setUrl(e.target.value)}
            placeholder="https://hooks.example.com/etcd"
            required
            data-testid="webhook-url"
          />
        </label>
        <label className="flex flex-col gap-1 text-xs text-zinc-500">
          {t('prefix')}
          <Input
            value={prefix}
            onChange={(e) => setPrefix(e.target.value)}
            required
            data-testid="webhook-prefix"
          />
        </label>
        <Button
          type="submit"
          variant="primary"
          disabled={pending || events.length === 0}
          data-testid="webhook-add"
        >
          {t('add')}
        </Button>
      </div>
      <fieldset className="flex flex-wrap gap-4 text-sm">
        <legend className="mb-1 text-xs text-zinc-500">{t('events')}</legend>
        {EVENTS.map((event) => (
          <label key={event} className="flex items-center gap-1.5">
            <input
              type="checkbox"
              checked={events.includes(event)}
              onChange={() => toggle(event)}
              data-testid={`webhook-event-${event}`}
            />
            <span className="font-mono text-xs">{event}</span>
          </label>
        ))}
      </fieldset>
      {error ? <Alert tone="error">{error}</Alert> : null}
    </form>
  );
}
