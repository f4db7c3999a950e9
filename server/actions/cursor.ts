import { ApiError } from '../http/api-error.js';

/**
 * Opaque paging cursors for lists newest first, ordered by (time, id): the last row's time
 * and id, base64url. Opaque so the order can change without breaking clients.
 */
export interface Cursor {
  at: number;
  id: string;
}

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(`${cursor.at}.${cursor.id}`, 'utf8').toString('base64url');
}

/** 400 E_BAD_REQUEST for anything this server did not hand out. */
export function decodeCursor(text: string): Cursor {
  const decoded = Buffer.from(text, 'base64url').toString('utf8');
  const dot = decoded.indexOf('.');
  const at = Number(decoded.slice(0, dot));
  const id = decoded.slice(dot + 1);
  if (dot <= 0 || !Number.isSafeInteger(at) || at < 0 || id === '') {
    throw new ApiError('E_BAD_REQUEST', 'before is not a cursor from this list');
  }
  return { at, id };
}

/** The page and, when more rows exist, the cursor of the next one (limit + 1 rows were read). */
export function pageOf<T>(
  rows: T[],
  limit: number,
  cursorOf: (row: T) => Cursor,
): { rows: T[]; nextBefore?: string } {
  if (rows.length <= limit) return { rows };
  const page = rows.slice(0, limit);
  return { rows: page, nextBefore: encodeCursor(cursorOf(page[page.length - 1] as T)) };
}
