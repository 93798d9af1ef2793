/**
 * Time-zone arithmetic on Intl alone (no tz library is installed): the offset of a zone at an instant,
 * and the instant of a local wall-clock time.
 */
export function zoneOffsetMinutes(timeZone: string, at: Date): number {
  const parts = localPartsAt(timeZone, at);
  const asUtc = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second);
  return Math.round((asUtc - Math.floor(at.getTime() / 1000) * 1000) / 60_000);
}

export interface CivilDate {
  year: number;
  month: number;
  day: number;
}

export interface LocalParts extends CivilDate {
  hour: number;
  minute: number;
  second: number;
}

/**
 * The instant of a local wall-clock time, or undefined when that time does not exist (skipped by a
 * daylight-saving jump). An ambiguous time (clocks set back) resolves to its first occurrence.
 */
export function zonedTimeToUtc(timeZone: string, date: CivilDate, minuteOfDay: number): Date | undefined {
  const key = `${timeZone}|${date.year}-${date.month}-${date.day}|${minuteOfDay}`;
  const cached = instantCache.get(key);
  if (cached !== undefined) return cached === null ? undefined : new Date(cached);
  const instant = resolveWallTime(timeZone, Date.UTC(date.year, date.month - 1, date.day) + minuteOfDay * 60_000);
  if (instantCache.size > 50_000) instantCache.clear();
  instantCache.set(key, instant ?? null);
  return instant === undefined ? undefined : new Date(instant);
}

const instantCache = new Map<string, number | null>();

function resolveWallTime(timeZone: string, wall: number): number | undefined {
  // Zones change offset at most once within two days, so the offsets a day either side bracket it.
  const before = zoneOffsetMinutes(timeZone, new Date(wall - 86_400_000));
  const after = zoneOffsetMinutes(timeZone, new Date(wall + 86_400_000));
  if (before === after) return wall - before * 60_000;
  const matching = [wall - before * 60_000, wall - after * 60_000].filter(
    (instant) => instant + zoneOffsetMinutes(timeZone, new Date(instant)) * 60_000 === wall,
  );
  return matching.length === 0 ? undefined : Math.min(...matching);
}

/** The local calendar date of an instant in a zone. */
export function localDateOf(timeZone: string, at: Date): CivilDate {
  const { year, month, day } = localPartsAt(timeZone, at);
  return { year, month, day };
}

export function addDays(date: CivilDate, days: number): CivilDate {
  const shifted = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: shifted.getUTCFullYear(), month: shifted.getUTCMonth() + 1, day: shifted.getUTCDate() };
}

/** 0 = Sunday ... 6 = Saturday, as JavaScript's getDay and PostgreSQL's EXTRACT(dow). */
export function weekdayOf(date: CivilDate): number {
  return new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay();
}

export function formatCivilDate(date: CivilDate): string {
  return `${String(date.year).padStart(4, '0')}-${String(date.month).padStart(2, '0')}-${String(date.day).padStart(2, '0')}`;
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

function localPartsAt(timeZone: string, at: Date): LocalParts {
  const values: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(at)) {
    if (part.type !== 'literal') values[part.type] = Number(part.value);
  }
  return {
    year: values.year ?? 0,
    month: values.month ?? 1,
    day: values.day ?? 1,
    hour: values.hour ?? 0,
    minute: values.minute ?? 0,
    second: values.second ?? 0,
  };
}
