import { z } from 'zod';
import { AppError } from '../shared/errors';
import { decodeCursor, type Cursor } from '../shared/pagination';

/** PostgreSQL's text form of a timestamptz, as the identity lists put it in their cursors. */
const timestampText = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}(:?\d{2})?)?$/;

/**
 * A (created_at, id) cursor, checked before it reaches SQL: a forged or garbled cursor is a 400
 * naming `query.cursor`, never a cast error.
 */
export function decodeTimeCursor(value: string | undefined): Cursor | undefined {
  if (value === undefined) return undefined;
  const cursor = decodeCursor(value);
  if (!cursor || !timestampText.test(cursor.sortKey) || !z.uuid().safeParse(cursor.id).success) {
    throw new AppError({
      code: 'validation_failed',
      detail: 'The cursor is not one this list produced',
      errors: [{ path: 'query.cursor', message: 'invalid cursor' }],
    });
  }
  return cursor;
}
