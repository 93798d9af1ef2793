import { AppError } from '../shared/errors';
import { formatCivilDate, localDateOf } from '../appointments/zone-offset';

export interface StatRange {
  /** First local day, YYYY-MM-DD, inclusive. */
  from: string;
  /** Last local day, YYYY-MM-DD, inclusive. */
  to: string;
  timeZone: string;
  /** Every local day from `from` to `to`, so charts show empty days as zero, not as gaps. */
  days: string[];
}

export const DEFAULT_RANGE_DAYS = 30;
export const MAX_RANGE_DAYS = 366;
const DAY_MS = 86_400_000;

/**
 * The local-day range a statistic covers. Missing ends default to the last 30 days up to today in the
 * requested zone, so the dashboard needs no date arithmetic of its own.
 */
export function resolveStatRange(query: { from?: string; to?: string; timeZone: string }, now: Date): StatRange {
  const today = localDayOf(query.timeZone, now);
  const to = query.to ?? (query.from ? minDay(addDays(query.from, DEFAULT_RANGE_DAYS - 1), today) : today);
  const from = query.from ?? addDays(to, -(DEFAULT_RANGE_DAYS - 1));
  if (from > to) {
    throw new AppError({
      code: 'validation_failed',
      detail: 'The date range is empty',
      errors: [{ path: 'query.from', message: `must not be after ${to}` }],
    });
  }
  const length = daysBetween(from, to) + 1;
  if (length > MAX_RANGE_DAYS) {
    throw new AppError({
      code: 'validation_failed',
      detail: 'The date range is too long',
      errors: [{ path: 'query.from', message: `at most ${MAX_RANGE_DAYS} days` }],
    });
  }
  return { from, to, timeZone: query.timeZone, days: Array.from({ length }, (_, index) => addDays(from, index)) };
}

export function localDayOf(timeZone: string, at: Date): string {
  return formatCivilDate(localDateOf(timeZone, at));
}

export function addDays(day: string, count: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + count * DAY_MS).toISOString().slice(0, 10);
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

const minDay = (a: string, b: string) => (a < b ? a : b);
