// Opaque paging cursors: the last key returned and the revision every page of the listing is read at.
import { z } from 'zod';
import { ApiError } from '../api/errors';

const cursorSchema = z.object({ k: z.string(), r: z.number().int().positive() });

export type Cursor = { after: Buffer; revision: number };

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify({ k: cursor.after.toString('base64'), r: cursor.revision })).toString(
    'base64url',
  );
}

export function decodeCursor(text: string): Cursor {
  try {
    const parsed = cursorSchema.parse(JSON.parse(Buffer.from(text, 'base64url').toString('utf8')));
    return { after: Buffer.from(parsed.k, 'base64'), revision: parsed.r };
  } catch {
    throw new ApiError('bad_request', 'cursor is not one this API issued');
  }
}
