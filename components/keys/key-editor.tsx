'use client';
import { useTranslations } from 'next-intl';
import { useEffect, useState } from 'react';
import { ApiError } from '@/lib/api/errors';
import { type KeyRef, kvApi } from '@/lib/client/kv-api';
import { formatBytes } from '@/lib/format/bytes';
import type { KvItem } from '@/lib/kv/item';
import { formatValue } from '@/lib/kv/value-format';
import { recognizeItem } from '@/lib/values/item-bytes';
import { textEditBlocked } from '@/lib/values/recognize';
import { StageButton } from '../changesets/stage-button';
import { CodeEditor } from '../editor/code-editor';
import { Alert } from '../ui/alert';
import { Button } from '../ui/button';
import { Select } from '../ui/input';
import { ConflictView } from './conflict-view';
import { PropagationStrip } from './propagation-strip';
import { checkDraft, draftText, type EditorMode, initialMode } from './value-draft';
import { DecodedView, hasDecodedView } from './value-view/decoded-view';
import { type ValueView, ViewSwitch } from './value-view/view-switch';

const LARGE_VALUE_BYTES = 512 * 1024;

type Props = {
  refKey: KeyRef;
  item: KvItem;
  readOnly: boolean;
  onSaved: (item: KvItem) => void;
};

type Status = { tone: 'error' | 'info'; text: string; canSaveAsText?: boolean } | null;

export function KeyEditor({ refKey, item, readOnly, onSaved }: Props) {
  const t = useTranslations('keys');
  const tv = useTranslations('values');
  const [base, setBase] = useState(item);
  const [mode, setMode] = useState<EditorMode>(() => initialMode(item));
  const [draft, setDraft] = useState(() => draftText(item, initialMode(item)));
  const [status, setStatus] = useState<Status>(null);
  const [saving, setSaving] = useState(false);
  const [savedRevision, setSavedRevision] = useState<number | null>(null);
  const [conflict, setConflict] = useState<{ theirs: KvItem | null } | null>(null);
  const [opened, setOpened] = useState(item.size <= LARGE_VALUE_BYTES);
  const binary = base.valueEncoding === 'base64';
  const dirty = draft !== draftText(base, mode);
  // Recognised values: decoded by default where the raw bytes are unreadable; never saved from the editor where
  // the editor's text would change bytes their owner reads (binary keeps its byte-exact hex/base64 editing).
  const recognized = recognizeItem(base);
  const blocked = textEditBlocked(recognized);
  const locked = blocked !== null && blocked !== 'binary';
  const editorReadOnly = readOnly || locked;
  const [view, setView] = useState<ValueView>(() => {
    const first = recognizeItem(item);
    return hasDecodedView(first) && textEditBlocked(first) !== null ? 'decoded' : 'raw';
  });
  const shownView: ValueView = hasDecodedView(recognized) ? view : 'raw';

  // A newer version arrived over the live stream: follow it unless the user has edits.
  useEffect(() => {
    if (item.modRevision === base.modRevision) return;
    if (!dirty) {
      setBase(item);
      setDraft(draftText(item, mode));
    }
  }, [item, base.modRevision, dirty, mode]);

  function changeMode(next: EditorMode) {
    // Binary values switch between byte views; text values only change how they are checked and highlighted.
    if (binary) {
      const check = checkDraft(draft, mode);
      if (check.ok) setDraft(draftText({ value: check.payload.value, valueEncoding: 'base64' }, next));
    }
    setMode(next);
    setStatus(null);
  }

  async function save(asText = false) {
    if (editorReadOnly) return;
    const check = checkDraft(draft, asText ? 'text' : mode);
    if (!check.ok) {
      if (check.reason === 'format' && check.problem) {
        setStatus({
          tone: 'error',
          text: t('invalid', { format: mode.toUpperCase(), ...check.problem }),
          canSaveAsText: true,
        });
      } else setStatus({ tone: 'error', text: t(check.reason === 'hex' ? 'invalidHex' : 'invalidBase64') });
      return;
    }
    await write(check.payload, base.modRevision);
  }

  /** The draft as a change set edit; an invalid one returns null and Save's check shows why (it writes nothing). */
  function stagedPayload() {
    const check = checkDraft(draft, mode);
    if (check.ok) return check.payload;
    void save();
    return null;
  }

  async function write(
    payload: { value: string; valueEncoding: 'utf8' | 'base64'; format?: 'json' | 'yaml' | 'toml' | 'text' },
    expected: number,
  ) {
    setSaving(true);
    setStatus(null);
    try {
      const res = await kvApi.put({ ...refKey, ...payload, expectedModRevision: expected });
      setBase(res.item);
      setDraft(draftText(res.item, mode));
      setConflict(null);
      setStatus({ tone: 'info', text: t('saved', { revision: res.item.modRevision }) });
      setSavedRevision(res.item.modRevision);
      onSaved(res.item);
    } catch (error) {
      if (error instanceof ApiError && error.code === 'conflict') {
        setConflict({ theirs: (error.details as { current: KvItem | null } | undefined)?.current ?? null });
      } else setStatus({ tone: 'error', text: error instanceof Error ? error.message : String(error) });
    } finally {
      setSaving(false);
    }
  }

  if (!opened) {
    return (
      <Alert tone="warning" title={t('largeValue', { size: formatBytes(item.size) })}>
        <Button className="mt-2" onClick={() => setOpened(true)}>
          {t('openAnyway')}
        </Button>
      </Alert>
    );
  }

  const modes: EditorMode[] = binary ? ['hex', 'base64'] : ['json', 'yaml', 'toml', 'text'];
  const modeLabel: Record<EditorMode, string> = {
    json: t('formatJson'),
    yaml: t('formatYaml'),
    toml: t('formatToml'),
    text: t('formatText'),
    hex: t('viewHex'),
    base64: t('viewBase64'),
  };

  return (
    <div className="flex flex-col gap-3">
      <div className="flex flex-wrap items-center gap-2">
        <label className="flex items-center gap-2 text-sm text-zinc-600 dark:text-zinc-400">
          {t('format')}
          <Select
            value={mode}
            onChange={(e) => changeMode(e.target.value as EditorMode)}
            data-testid="format-select"
            className="h-8"
          >
            {modes.map((m) => (
              <option key={m} value={m}>
                {modeLabel[m]}
              </option>
            ))}
          </Select>
        </label>
        {hasDecodedView(recognized) ? <ViewSwitch view={shownView} onView={setView} /> : null}
        {mode === 'json' && !editorReadOnly ? (
          <Button
            size="sm"
            variant="ghost"
            onClick={() => setDraft((d) => (checkDraft(d, 'json').ok ? formatValue(d, 'json') : d))}
          >
            {t('pretty')}
          </Button>
        ) : null}
        {binary ? (
          <span className="text-xs text-violet-700 dark:text-violet-300">{t('binaryNote')}</span>
        ) : null}
        <div className="ml-auto flex items-center gap-2">
          {!editorReadOnly ? (
            <StageButton
              refKey={refKey}
              baseModRevision={base.modRevision}
              disabled={saving || !dirty}
              payload={() => stagedPayload()}
            />
          ) : null}
          {!editorReadOnly ? (
            <Button
              variant="primary"
              onClick={() => void save()}
              disabled={saving || !dirty}
              data-testid="save-key"
            >
              {saving ? t('saving') : t('save')}
            </Button>
          ) : null}
        </div>
      </div>
      {item.modRevision !== base.modRevision && dirty ? (
        <Alert tone="warning" testId="changed-elsewhere">
          {t('changedElsewhere', { revision: item.modRevision })}
        </Alert>
      ) : null}
      {locked && !readOnly ? (
        <Alert tone="info" testId="edit-blocked">
          {tv(`editBlocked.${blocked}`)}
        </Alert>
      ) : null}
      {shownView === 'decoded' ? (
        <DecodedView value={recognized} />
      ) : (
        <CodeEditor
          value={draft}
          onChange={setDraft}
          format={mode}
          readOnly={editorReadOnly}
          testId="value-editor"
          onSave={() => void save()}
        />
      )}
      {status ? (
        <Alert tone={status.tone} testId={status.tone === 'error' ? 'save-error' : 'save-status'}>
          <span>{status.text}</span>
          {status.canSaveAsText ? (
            <Button size="sm" className="ml-3" onClick={() => void save(true)} data-testid="save-as-text">
              {t('saveAsText')}
            </Button>
          ) : null}
        </Alert>
      ) : null}
      {savedRevision ? <PropagationStrip refKey={refKey} revision={savedRevision} /> : null}
      {conflict ? (
        <ConflictView
          base={base}
          theirs={conflict.theirs}
          mine={draft}
          mode={mode}
          onTakeTheirs={(theirs) => {
            setConflict(null);
            if (theirs) {
              setBase(theirs);
              setDraft(draftText(theirs, mode));
            }
          }}
          onWrite={(text) => {
            const check = checkDraft(text, mode);
            if (!check.ok) {
              setStatus({
                tone: 'error',
                text: t(
                  check.reason === 'format'
                    ? 'invalid'
                    : check.reason === 'hex'
                      ? 'invalidHex'
                      : 'invalidBase64',
                  {
                    format: mode.toUpperCase(),
                    line: check.problem?.line ?? 0,
                    column: check.problem?.column ?? 0,
                    message: check.problem?.message ?? '',
                  },
                ),
              });
              return;
            }
            setDraft(text);
            void write(check.payload, conflict.theirs?.modRevision ?? 0);
          }}
          onClose={() => setConflict(null)}
        />
      ) : null}
    </div>
  );
}
