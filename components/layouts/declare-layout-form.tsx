'use client';
// The form to declare a layout: id, title, root, key pattern, value format and field mapping, checked as the API
// checks it, with a live preview over the real keys before anything is saved.
import { useTranslations } from 'next-intl';
import { type FormEvent, type ReactNode, useId, useState } from 'react';
import type { DeclaredLayout } from '@/lib/client/layouts-api';
import { declaredLayoutSchema } from '@/lib/layouts/declared';
import { Button } from '../ui/button';
import { Input, Select } from '../ui/input';
import { LayoutPreview } from './layout-preview';
import { useLayoutPreview } from './use-layout-preview';

type Form = {
  id: string;
  title: string;
  root: string;
  pattern: string;
  format: DeclaredLayout['format'];
  address: string;
  port: string;
  weight: string;
  version: string;
  metadata: string;
  deregister: '' | 'lease' | 'key';
};

const EMPTY: Form = {
  id: '',
  title: '',
  root: '',
  pattern: '{service}/{id}',
  format: 'text',
  address: '',
  port: '',
  weight: '',
  version: '',
  metadata: '',
  deregister: '',
};

const FIELDS = ['address', 'port', 'weight', 'version', 'metadata'] as const;

/** The draft as the API wants it, or the problems by field ("root", "fields.address", …). */
function parseDraft(form: Form, takenIds: string[]) {
  const fields = Object.fromEntries(FIELDS.flatMap((f) => (form[f].trim() ? [[f, form[f].trim()]] : [])));
  const parsed = declaredLayoutSchema.safeParse({
    id: form.id.trim(),
    title: form.title.trim(),
    root: form.root,
    pattern: form.pattern.trim(),
    format: form.format,
    fields,
    deregister: form.deregister || null,
  });
  const problems = new Map<string, string>();
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const path = issue.path.join('.');
      if (!problems.has(path)) problems.set(path, issue.message);
    }
  }
  if (takenIds.includes(form.id.trim())) problems.set('id', 'taken');
  return { draft: parsed.success && problems.size === 0 ? parsed.data : null, problems };
}

export function DeclareLayoutForm({
  takenIds,
  pending,
  onDeclare,
}: {
  takenIds: string[];
  pending: boolean;
  onDeclare: (draft: DeclaredLayout) => Promise<boolean>;
}) {
  const t = useTranslations('layouts.declare');
  const [form, setForm] = useState<Form>(EMPTY);
  const [touched, setTouched] = useState<Set<string>>(new Set());
  const { draft, problems } = parseDraft(form, takenIds);
  // The preview needs only a root and a pattern that parse; it runs before the rest of the form is complete.
  const previewDraft = problems.has('root') || problems.has('pattern') ? null : previewOf(form);
  const preview = useLayoutPreview(previewDraft);

  const set = (key: keyof Form) => (value: string) => {
    setForm((f) => ({ ...f, [key]: value }));
    setTouched((s) => new Set(s).add(key));
  };
  const problemOf = (path: string, key = path) =>
    touched.has(key) ? (problems.get(path) === 'taken' ? t('taken') : problems.get(path)) : undefined;

  async function submit(event: FormEvent) {
    event.preventDefault();
    setTouched(new Set(Object.keys(form)));
    if (!draft) return;
    if (await onDeclare(draft)) {
      setForm(EMPTY);
      setTouched(new Set());
    }
  }

  return (
    <section
      aria-labelledby="declare-title"
      className="mt-8 rounded-lg border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900"
    >
      <h2 id="declare-title" className="text-sm font-semibold">
        {t('title')}
      </h2>
      <p className="mt-1 text-xs text-zinc-500 dark:text-zinc-400">{t('hint')}</p>
      <form onSubmit={submit} className="mt-4 grid gap-6 lg:grid-cols-2" data-testid="declare-layout-form">
        <div className="grid grid-cols-2 gap-3">
          <Field label={t('id')} problem={problemOf('id')}>
            {(id) => <TextInput id={id} testId="declare-id" value={form.id} onChange={set('id')} />}
          </Field>
          <Field label={t('name')} problem={problemOf('title')}>
            {(id) => <TextInput id={id} testId="declare-title" value={form.title} onChange={set('title')} />}
          </Field>
          <Field label={t('root')} problem={problemOf('root')} hint={t('rootHint')}>
            {(id) => <TextInput id={id} testId="declare-root" value={form.root} onChange={set('root')} />}
          </Field>
          <Field label={t('pattern')} problem={problemOf('pattern')} hint={t('patternHint')}>
            {(id) => (
              <TextInput id={id} testId="declare-pattern" value={form.pattern} onChange={set('pattern')} />
            )}
          </Field>
          <Field label={t('format')}>
            {(id) => (
              <Select
                id={id}
                value={form.format}
                onChange={(e) => set('format')(e.target.value)}
                data-testid="declare-format"
                className="w-full"
              >
                {(['text', 'json', 'query'] as const).map((f) => (
                  <option key={f} value={f}>
                    {t(`formats.${f}`)}
                  </option>
                ))}
              </Select>
            )}
          </Field>
          <Field label={t('deregister')}>
            {(id) => (
              <Select
                id={id}
                value={form.deregister}
                onChange={(e) => set('deregister')(e.target.value)}
                data-testid="declare-deregister"
                className="w-full"
              >
                <option value="">{t('deregisterNone')}</option>
                <option value="lease">{t('deregisterLease')}</option>
                <option value="key">{t('deregisterKey')}</option>
              </Select>
            )}
          </Field>
          {form.format !== 'text'
            ? FIELDS.map((f) => (
                <Field key={f} label={t(`fields.${f}`)} problem={problemOf(`fields.${f}`, f)}>
                  {(id) => (
                    <TextInput id={id} testId={`declare-field-${f}`} value={form[f]} onChange={set(f)} />
                  )}
                </Field>
              ))
            : null}
          <div className="col-span-2">
            <Button type="submit" variant="primary" disabled={pending || !draft} data-testid="declare-save">
              {pending ? t('saving') : t('save')}
            </Button>
          </div>
        </div>
        <div>
          <h3 className="mb-2 text-xs font-semibold text-zinc-600 uppercase dark:text-zinc-400">
            {t('preview')}
          </h3>
          <LayoutPreview state={preview} />
        </div>
      </form>
    </section>
  );
}

/** A draft good enough to preview: the form's values, with stand-ins for what does not change the matching. */
function previewOf(form: Form): DeclaredLayout | null {
  const { draft } = parseDraft(
    { ...form, id: form.id.trim() || 'preview', title: form.title.trim() || 'preview' },
    [],
  );
  if (draft) return draft;
  // An unnamed address field only leaves every value without an address: show the keys it matches anyway.
  return parseDraft({ ...form, id: 'preview', title: 'preview', format: 'text' }, []).draft;
}

function Field({
  label,
  hint,
  problem,
  children,
}: {
  label: string;
  hint?: string;
  problem?: string;
  children: (id: string) => ReactNode;
}) {
  const id = useId();
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-xs font-medium text-zinc-700 dark:text-zinc-300">
        {label}
      </label>
      {children(id)}
      {problem ? (
        <span className="text-xs text-red-700 dark:text-red-300" role="alert">
          {problem}
        </span>
      ) : hint ? (
        <span className="text-xs text-zinc-500 dark:text-zinc-400">{hint}</span>
      ) : null}
    </div>
  );
}

function TextInput({
  id,
  value,
  onChange,
  testId,
}: {
  id: string;
  value: string;
  onChange: (value: string) => void;
  testId: string;
}) {
  return (
    <Input
      id={id}
      value={value}
      onChange={(e) => onChange(e.target.value)}
      data-testid={testId}
      className="w-full font-mono"
      autoComplete="off"
      spellCheck={false}
    />
  );
}
