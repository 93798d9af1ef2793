export const WEEKDAY_KEYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type WeekdayKey = (typeof WEEKDAY_KEYS)[number];

/** Local wall-clock `HH:MM`; an interval whose end is not after its start runs past midnight. `24:00` ends a day. */
export type Interval = readonly [open: string, close: string];
export type WeeklyHours = Partial<Record<WeekdayKey, readonly Interval[]>>;

export interface FacilityHours {
  alwaysOpen: boolean;
  /** null with alwaysOpen false means the hours are unknown: never reported as open. */
  weekly: WeeklyHours | null;
}

/** A dated exception in the facility's local calendar: closed all day, or these hours instead of the weekly ones. */
export interface HoursException {
  date: string;
  closed: boolean;
  hours: readonly Interval[] | null;
}

/**
 * Whether a facility is open at `now`, read in its own time zone. Night intervals started the day before
 * count too (a Friday 20:00-08:00 shift covers Saturday 07:00), and a dated exception replaces the day's
 * hours, including for 24/7 facilities (a strike, a holiday).
 */
export function isOpenAt(
  hours: FacilityHours,
  exceptions: readonly HoursException[],
  timeZone: string,
  now: Date,
): boolean {
  const local = localTime(now, timeZone);
  const minute = local.minutes;
  for (const [open, close] of intervalsOn(hours, exceptions, local.date, local.weekday)) {
    const start = toMinutes(open);
    const end = toMinutes(close);
    if (end > start ? minute >= start && minute < end : minute >= start) return true;
  }
  for (const [open, close] of intervalsOn(hours, exceptions, local.yesterday, (local.weekday + 6) % 7)) {
    const start = toMinutes(open);
    const end = toMinutes(close);
    if (end <= start && minute < end) return true;
  }
  return false;
}

const ALL_DAY: readonly Interval[] = [['00:00', '24:00']];

function intervalsOn(
  hours: FacilityHours,
  exceptions: readonly HoursException[],
  date: string,
  weekday: number,
): readonly Interval[] {
  const exception = exceptions.find((candidate) => candidate.date === date);
  if (exception?.closed) return [];
  if (exception?.hours) return exception.hours;
  if (hours.alwaysOpen) return ALL_DAY;
  return hours.weekly?.[WEEKDAY_KEYS[weekday] ?? 'sun'] ?? [];
}

/** `HH:MM` to minutes; read for every facility of every search, so the usual form skips split(). */
function toMinutes(time: string): number {
  if (time.length === 5 && time.charCodeAt(2) === COLON) {
    const minutes = digitAt(time, 0) * 600 + digitAt(time, 1) * 60 + digitAt(time, 3) * 10 + digitAt(time, 4);
    if (!Number.isNaN(minutes)) return minutes;
  }
  const [hours = '0', minutes = '0'] = time.split(':');
  return Number(hours) * 60 + Number(minutes);
}

const COLON = 58;
const ZERO = 48;

function digitAt(text: string, at: number): number {
  const digit = text.charCodeAt(at) - ZERO;
  return digit >= 0 && digit <= 9 ? digit : Number.NaN;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
const recentLocalTimes = new Map<string, LocalTime>();
const MAX_RECENT_LOCAL_TIMES = 2_000;

interface LocalTime {
  date: string;
  /** The local date before `date`, where night intervals started. */
  yesterday: string;
  weekday: number;
  minutes: number;
}

/**
 * The local calendar date (YYYY-MM-DD), weekday (0 = Sunday) and minute of the day in a time zone.
 * Formatting is the costly part of a search (Intl, per facility), and within one second every facility of
 * a zone gets the same answer (zone offsets are whole seconds), so answers are kept per zone and second.
 */
export function localTime(now: Date, timeZone: string): LocalTime {
  const key = `${timeZone}|${Math.floor(now.getTime() / 1000)}`;
  let local = recentLocalTimes.get(key);
  if (!local) {
    local = formatLocalTime(now, timeZone);
    if (recentLocalTimes.size >= MAX_RECENT_LOCAL_TIMES) recentLocalTimes.clear();
    recentLocalTimes.set(key, local);
  }
  return local;
}

function formatLocalTime(now: Date, timeZone: string): LocalTime {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      weekday: 'short',
    });
    formatters.set(timeZone, format);
  }
  const parts: Record<string, string> = {};
  for (const part of format.formatToParts(now)) parts[part.type] = part.value;
  const weekday = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(parts.weekday ?? 'Sun');
  const date = `${parts.year}-${parts.month}-${parts.day}`;
  return {
    date,
    yesterday: shiftDate(date, -1),
    weekday,
    minutes: Number(parts.hour) * 60 + Number(parts.minute),
  };
}

function shiftDate(date: string, days: number): string {
  const shifted = new Date(`${date}T00:00:00Z`);
  shifted.setUTCDate(shifted.getUTCDate() + days);
  return shifted.toISOString().slice(0, 10);
}

/** True when the zone is a valid IANA name this runtime knows. */
export function isKnownTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}
