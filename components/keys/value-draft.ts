// The editor's view of a value: text in a chosen format, or bytes as hex/base64; and back to what the API takes.
import { base64ToBytes, bytesToBase64, bytesToHex, hexToBytes, isValidBase64 } from '@/lib/kv/byte-views';
import type { KvItem } from '@/lib/kv/item';
import { detectFormat, type FormatProblem, type ValueFormat, validateValue } from '@/lib/kv/value-format';

export type EditorMode = ValueFormat | 'hex' | 'base64';

export function initialMode(item: Pick<KvItem, 'key' | 'value' | 'valueEncoding'>): EditorMode {
  if (item.valueEncoding === 'base64') return 'hex';
  return detectFormat(item.key, item.value ?? '');
}

/** The text shown in the editor for a stored value in a mode. */
export function draftText(item: Pick<KvItem, 'value' | 'valueEncoding'>, mode: EditorMode): string {
  const value = item.value ?? '';
  if (item.valueEncoding !== 'base64') return value;
  return mode === 'base64' ? value : bytesToHex(base64ToBytes(value));
}

export type Payload = { value: string; valueEncoding: 'utf8' | 'base64'; format?: ValueFormat };

export type DraftCheck =
  | { ok: true; payload: Payload }
  | { ok: false; problem: FormatProblem | null; reason: 'format' | 'hex' | 'base64' };

/** Validates the draft for its mode and turns it into the API's value fields. */
export function checkDraft(text: string, mode: EditorMode): DraftCheck {
  if (mode === 'hex') {
    const bytes = hexToBytes(text);
    return bytes
      ? { ok: true, payload: { value: bytesToBase64(bytes), valueEncoding: 'base64' } }
      : { ok: false, problem: null, reason: 'hex' };
  }
  if (mode === 'base64') {
    const clean = text.replace(/\s+/g, '');
    return isValidBase64(clean)
      ? { ok: true, payload: { value: clean, valueEncoding: 'base64' } }
      : { ok: false, problem: null, reason: 'base64' };
  }
  const problem = validateValue(text, mode);
  if (problem) return { ok: false, problem, reason: 'format' };
  return {
    ok: true,
    payload: { value: text, valueEncoding: 'utf8', ...(mode === 'text' ? {} : { format: mode }) },
  };
}
