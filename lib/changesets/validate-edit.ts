import 'server-only';
// A staged edit is checked as the key editor checks a save: the key may be changed by the caller and is not the
// console's own, key and value fit etcd's request limit, and a value with a format parses as that format.
import { ApiError } from '../api/errors';
import { assertMayWriteKey } from '../auth/access';
import { range } from '../kv/range';
import { assertWritableKey } from '../kv/reserved';
import { MAX_VALUE_BYTES } from '../kv/schemas';
import { validateValue } from '../kv/value-format';
import { editKeyBytes, editValueBytes } from './edit-key';
import type { EditInput, StoredEdit } from './schemas';

function decoded(edit: StoredEdit): { key: Buffer; value: Buffer } {
  let key: Buffer;
  try {
    key = editKeyBytes(edit);
  } catch {
    throw new ApiError('bad_request', `${edit.key}: the key is not valid base64`);
  }
  try {
    return { key, value: editValueBytes(edit) };
  } catch {
    throw new ApiError('bad_request', `${edit.key}: the value is not valid base64`);
  }
}

/** Throws the editor's own refusal for an edit that may not be written (403, 413, 422, 400). */
export function checkEdit(edit: StoredEdit): void {
  const { key, value } = decoded(edit);
  assertWritableKey(key);
  assertMayWriteKey(key);
  if (key.length + value.length > MAX_VALUE_BYTES) {
    throw new ApiError(
      'too_large',
      `${edit.key}: key and value exceed etcd's ${MAX_VALUE_BYTES} byte limit.`,
    );
  }
  if (edit.action === 'put' && edit.format && (edit.valueEncoding ?? 'utf8') === 'utf8') {
    const problem = validateValue(edit.value ?? '', edit.format);
    if (problem) {
      throw new ApiError(
        'unprocessable',
        `${edit.key}: invalid ${edit.format} at line ${problem.line}, column ${problem.column}: ${problem.message}`,
        { key: edit.key, ...problem },
      );
    }
  }
}

/** What keeps an edit from being published now (empty = nothing). */
export function editProblems(edit: StoredEdit): string[] {
  try {
    checkEdit(edit);
    return [];
  } catch (error) {
    if (error instanceof ApiError) return [error.message];
    throw error;
  }
}

/** Turns what a client sent into stored edits, each checked, with its base revision read where not given. */
export async function stageEdits(inputs: EditInput[]): Promise<StoredEdit[]> {
  const staged: StoredEdit[] = [];
  const seen = new Set<string>();
  for (const input of inputs) {
    const edit: StoredEdit = {
      key: input.key,
      ...(input.keyEncoding === 'base64' ? { keyEncoding: 'base64' as const } : {}),
      action: input.action,
      ...(input.action === 'put'
        ? {
            value: input.value ?? '',
            ...(input.valueEncoding === 'base64' ? { valueEncoding: 'base64' as const } : {}),
          }
        : {}),
      ...(input.format ? { format: input.format } : {}),
      baseModRevision: 0,
    };
    checkEdit(edit);
    const key = editKeyBytes(edit);
    const id = key.toString('base64');
    if (seen.has(id)) throw new ApiError('bad_request', `${edit.key}: the same key twice in one request`);
    seen.add(id);
    edit.baseModRevision = input.baseModRevision ?? (await currentModRevision(key));
    if (edit.action === 'delete' && edit.baseModRevision === 0) {
      throw new ApiError('unprocessable', `${edit.key}: there is no such key to delete.`);
    }
    staged.push(edit);
  }
  return staged;
}

async function currentModRevision(key: Buffer): Promise<number> {
  const res = await range({ start: key, keysOnly: true });
  return Number(res.kvs[0]?.mod_revision ?? 0);
}
