'use client';
import { Send } from 'lucide-react';
import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { type FormEvent, useEffect, useId, useMemo, useRef, useState } from 'react';
import { type CreatedCommand, dispatchApi, type WorkersList } from '@/lib/client/dispatch-api';
import { useWorkers } from '@/lib/hooks/use-dispatch';
import { useMe } from '@/lib/hooks/use-me';
import { validateValue } from '@/lib/kv/value-format';
import { CodeEditor } from '../editor/code-editor';
import { Alert } from '../ui/alert';
import { Button } from '../ui/button';
import { cardClass } from '../ui/card';
import { Input, Select } from '../ui/input';

const MAX_DEADLINE_SECONDS = 30 * 86_400;

type Outcome =
  | { kind: 'sent'; created: CreatedCommand; type: string }
  | { kind: 'error'; text: string }
  | null;

/** Push a command to a group (or one worker of it); warns, before and after, when nobody would run it. */
export function PushForm({ initial }: { initial?: WorkersList }) {
  const t = useTranslations('workers.push');
  const ids = useId();
  const { me, canOperate } = useMe();
  const { data: workers } = useWorkers(initial, { live: false });
  const groups = workers?.groups ?? [];
  const [group, setGroup] = useState(() => groups[0]?.group ?? '');
  const [workerId, setWorkerId] = useState('');
  const [type, setType] = useState(() => groups[0]?.workers[0]?.types[0] ?? '');
  const [payload, setPayload] = useState('{}');
  const [mode, setMode] = useState<'any' | 'all'>('any');
  const [deadline, setDeadline] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>(null);

  // Workers arrived after the first render: suggest their group and type rather than leave the form empty.
  const firstGroup = groups[0];
  const suggested = useRef(Boolean(firstGroup));
  useEffect(() => {
    if (!firstGroup || suggested.current) return;
    suggested.current = true;
    setGroup((g) => g || firstGroup.group);
    setType((v) => v || firstGroup.workers[0]?.types[0] || '');
  }, [firstGroup]);

  const members = useMemo(() => groups.find((g) => g.group === group)?.workers ?? [], [groups, group]);
  const types = useMemo(() => [...new Set(members.flatMap((w) => w.types))].sort(), [members]);
  // Who would run it right now: live workers of the group that handle the type (and are the one addressed).
  const listeners = members.filter(
    (w) => (w.types.length === 0 || w.types.includes(type)) && (!workerId || w.id === workerId),
  );
  const warnBefore = Boolean(workers && group && type && listeners.length === 0);

  async function submit(e?: FormEvent) {
    e?.preventDefault();
    setOutcome(null);
    // Validate the payload and deadline here, where the user can fix them, before the server does.
    const text = payload.trim();
    const bad = text ? validateValue(text, 'json') : null;
    if (bad) {
      setProblem(t('invalidPayload', { line: bad.line, column: bad.column, message: bad.message }));
      return;
    }
    const seconds = deadline.trim() === '' ? undefined : Number(deadline);
    if (
      seconds !== undefined &&
      (!Number.isInteger(seconds) || seconds < 1 || seconds > MAX_DEADLINE_SECONDS)
    ) {
      setProblem(t('invalidDeadline', { max: MAX_DEADLINE_SECONDS }));
      return;
    }
    if (!group.trim() || !type.trim()) {
      setProblem(t('required'));
      return;
    }
    setProblem(null);
    setSending(true);
    try {
      const created = await dispatchApi.push({
        group: group.trim(),
        type: type.trim(),
        mode,
        ...(workerId ? { workerId } : {}),
        ...(text ? { payload: JSON.parse(text) } : {}),
        ...(seconds ? { deadlineSeconds: seconds } : {}),
      });
      setOutcome({ kind: 'sent', created, type: type.trim() });
    } catch (error) {
      setOutcome({ kind: 'error', text: error instanceof Error ? error.message : String(error) });
    } finally {
      setSending(false);
    }
  }

  // Viewers and read-only consoles see the commands but get no form (the API refuses them anyway).
  if (!me) return null;
  if (!canOperate) {
    return (
      <Alert tone="info" testId="push-read-only">
        {t('readOnly')}
      </Alert>
    );
  }
  return (
    <form
      onSubmit={(e) => void submit(e)}
      data-testid="push-form"
      aria-label={t('title')}
      className={`flex flex-col gap-4 p-4 ${cardClass}`}
    >
      <div className="grid grid-cols-1 gap-4 lg:grid-cols-[minmax(0,24rem)_minmax(0,1fr)]">
        <div className="grid grid-cols-2 content-start gap-3">
          <label className="flex flex-col gap-1 text-xs font-medium text-zinc-600 dark:text-zinc-400">
            {t('group')}
            <Input
              value={group}
              onChange={(e) => {
                setGroup(e.target.value);
                setWorkerId('');
              }}
              list={`${ids}-groups`}
              required
              spellCheck={false}
              autoComplete="off"
              className="font-mono"
              data-testid="push-group"
            />
            <datalist id={`${ids}-groups`}>
              {groups.map((g) => (
                <option key={g.group} value={g.group} />
              ))}
            </datalist>
          </label>
          <label className="flex flex-col gap-1 text-xs font-medium text-zinc-600 dark:text-zinc-400">
            {t('worker')}
            <Select value={workerId} onChange={(e) => setWorkerId(e.target.value)} data-testid="push-worker">
              <option value="">{t('anyWorker')}</option>
              {members.map((w) => (
                <option key={w.id} value={w.id}>
                  {w.id}
                </option>
              ))}
            </Select>
          </label>
          <label className="flex flex-col gap-1 text-xs font-medium text-zinc-600 dark:text-zinc-400">
            {t('type')}
            <Input
              value={type}
              onChange={(e) => setType(e.target.value)}
              list={`${ids}-types`}
              required
              spellCheck={false}
              autoComplete="off"
              className="font-mono"
              data-testid="push-type"
            />
            <datalist id={`${ids}-types`}>
              {types.map((v) => (
                <option key={v} value={v} />
              ))}
            </datalist>
          </label>
          <label className="flex flex-col gap-1 text-xs font-medium text-zinc-600 dark:text-zinc-400">
            {t('mode')}
            <Select
              value={mode}
              onChange={(e) => setMode(e.target.value as 'any' | 'all')}
              data-testid="push-mode"
            >
              <option value="any">{t('modeAny')}</option>
              <option value="all">{t('modeAll')}</option>
            </Select>
          </label>
          <label className="col-span-2 flex flex-col gap-1 text-xs font-medium text-zinc-600 dark:text-zinc-400">
            {t('deadline')}
            <Input
              value={deadline}
              onChange={(e) => setDeadline(e.target.value.replace(/[^\d]/g, ''))}
              inputMode="numeric"
              placeholder={t('deadlinePlaceholder')}
              data-testid="push-deadline"
            />
          </label>
          <p className="col-span-2 text-xs text-zinc-500 dark:text-zinc-400">
            {mode === 'any' ? t('modeAnyHint') : t('modeAllHint')}
          </p>
        </div>
        <div className="flex min-w-0 flex-col gap-1">
          <span id={`${ids}-payload`} className="text-xs font-medium text-zinc-600 dark:text-zinc-400">
            {t('payload')}
          </span>
          <div aria-labelledby={`${ids}-payload`} role="group">
            <CodeEditor
              value={payload}
              onChange={(v) => {
                setPayload(v);
                setProblem(null);
              }}
              format="json"
              minHeight="9.5rem"
              testId="push-payload"
              onSave={() => void submit()}
            />
          </div>
          <span className="text-xs text-zinc-500 dark:text-zinc-400">{t('payloadHint')}</span>
        </div>
      </div>
      {warnBefore ? (
        <Alert tone="warning" testId="push-warning">
          {members.length === 0
            ? t('noWorkers', { group })
            : workerId
              ? t('workerSkipsType', { worker: workerId, type })
              : t('noListeners', { group, type })}
        </Alert>
      ) : null}
      {problem ? (
        <Alert tone="error" testId="push-error">
          {problem}
        </Alert>
      ) : null}
      {outcome?.kind === 'error' ? (
        <Alert tone="error" testId="push-error">
          {outcome.text}
        </Alert>
      ) : null}
      {outcome?.kind === 'sent' ? (
        <div
          data-testid="push-result"
          data-listeners={outcome.created.listeners}
          data-id={outcome.created.id}
        >
          <Alert
            tone={outcome.created.listeners === 0 ? 'warning' : 'info'}
            title={
              outcome.created.listeners === 0
                ? t('queuedNobody', { group: outcome.created.group, type: outcome.type })
                : t('sent', { count: outcome.created.listeners })
            }
          >
            <Link
              href={`/workers/commands/${encodeURIComponent(outcome.created.id)}`}
              className="font-mono underline underline-offset-2"
            >
              {outcome.created.id}
            </Link>
          </Alert>
        </div>
      ) : null}
      <div className="flex items-center justify-end gap-3">
        <span className="text-xs text-zinc-500 dark:text-zinc-400">
          {workers ? t('listeners', { count: listeners.length }) : null}
        </span>
        <Button type="submit" variant="primary" disabled={sending} data-testid="push-submit">
          <Send className="size-4" aria-hidden />
          {sending ? t('sending') : t('submit')}
        </Button>
      </div>
    </form>
  );
}
