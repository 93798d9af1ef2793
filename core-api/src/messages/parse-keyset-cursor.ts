import { z } from 'zod';
import { AppError } from '../shared/errors';
import { decodeCursor, type Cursor } from '../shared/pagination';

/** PostgreSQL's text form of a timestamptz, as the list queries return it in `sort_key`. */
const cursorSchema = z.object({
  sortKey: z.string().regex(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?[+-]\d{2}(:\d{2})?$/),
  id: z.uuid(),
});

/** A cursor that was not issued by us is a 400, never a database error. */
export function parseKeysetCursor(value: string | undefined): Cursor | undefined {
  if (value === undefined) return undefined;
  const parsed = cursorSchema.safeParse(decodeCursor(value));
  if (!parsed.success) {
    throw new AppError({
      code: 'validation_failed',
      detail: 'The request query is invalid',
      errors: [{ path: 'query.cursor', message: 'unknown cursor' }],
    });
  }
  return parsed.data;
}
