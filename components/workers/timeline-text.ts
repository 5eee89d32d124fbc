// Turns a timeline event into translated text. The API's `message` is English for protocol events, so their
// facts (worker, attempt, reason, who) are taken from the fields or read back out of the message here.
import type { TimelineEvent } from '@/lib/dispatch/schemas';

type Translate = (key: string, values?: Record<string, string | number>) => string;

export type EventText = {
  /** Translated description of the protocol fact. */
  text: string;
  /** Words from the handler or the user (a progress message, an error): shown as they are. */
  detail?: string;
  /** Another command this event points at (retry). */
  link?: string;
};

export function describeEvent(e: TimelineEvent, t: Translate): EventText {
  const worker = e.workerId ?? '—';
  const attempt = e.attempt ?? 1;
  switch (e.type) {
    case 'created': {
      const m = /^by (.+?)(?:, retrying (.+))?$/.exec(e.message);
      const creator = m?.[1] ?? '—';
      return m?.[2]
        ? { text: t('createdRetry', { creator }), link: m[2] }
        : { text: t('created', { creator }) };
    }
    case 'claimed':
      return { text: t('claimed', { worker, attempt }) };
    case 'progress':
      return { text: t('progress', { worker }), detail: e.message };
    case 'requeued': {
      if (e.message.startsWith('released')) {
        const reason = /\(([^)]*)\), requeued$/.exec(e.message)?.[1] ?? '';
        return { text: t('released', { worker, attempt }), detail: reason };
      }
      return { text: t('lost', { worker, attempt }) };
    }
    case 'cancel-requested':
      return { text: t('cancelRequested', { by: /^by (.+)$/.exec(e.message)?.[1] ?? '—' }) };
    case 'retried': {
      const m = /^retried as (\S+) by (.+)$/.exec(e.message);
      return { text: t('retried', { by: m?.[2] ?? '—' }), link: m?.[1] };
    }
    default: {
      // succeeded | failed | cancelled: the message is the error, or who recorded it for an absent worker.
      const by = /^recorded by (.+)$/.exec(e.message)?.[1];
      const text = e.workerId ? t(`${e.type}By`, { worker }) : t(e.type);
      if (by) return { text: `${text} · ${t('recordedBy', { by })}` };
      return { text, detail: e.message || undefined };
    }
  }
}
