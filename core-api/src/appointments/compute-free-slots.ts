import { addDays, formatCivilDate, localDateOf, weekdayOf, zonedTimeToUtc, type CivilDate } from './zone-offset';

/** A weekly session in local wall-clock time of `timeZone`; facilityId null means remote consultations. */
export interface AvailabilityRule {
  weekday: number;
  startMinute: number;
  endMinute: number;
  slotMinutes: number;
  timeZone: string;
  facilityId: string | null;
  /** Local dates (YYYY-MM-DD), inclusive. */
  validFrom: string | null;
  validUntil: string | null;
}

export interface AvailabilityException {
  kind: 'unavailable' | 'available';
  startsAt: Date;
  endsAt: Date;
  facilityId: string | null;
  slotMinutes: number;
}

export interface BusyInterval {
  startsAt: Date;
  endsAt: Date;
}

export interface FreeSlot {
  startsAt: Date;
  endsAt: Date;
  facilityId: string | null;
}

export interface FreeSlotsInput {
  rules: readonly AvailabilityRule[];
  exceptions: readonly AvailabilityException[];
  /** Live appointments (requested, confirmed, completed) of the practitioner. */
  booked: readonly BusyInterval[];
  from: Date;
  to: Date;
  now: Date;
}

/**
 * The bookable slots starting in [from, to): weekly rules and extra sessions, minus leave, minus live
 * appointments, minus what has already started. Leave and bookings block every facility, since a
 * practitioner is in one place at a time. Sorted by start, then facility.
 */
export function computeFreeSlots(input: FreeSlotsInput): FreeSlot[] {
  const earliest = Math.max(input.from.getTime(), input.now.getTime() + 1);
  const latest = input.to.getTime();
  if (earliest >= latest) return [];
  const candidates = [
    ...slotsFromRules(input.rules, input.from, input.to),
    ...slotsFromExtraSessions(input.exceptions),
  ];
  const busy = mergeIntervals([
    ...input.booked.map((b) => [b.startsAt.getTime(), b.endsAt.getTime()] as const),
    ...input.exceptions
      .filter((e) => e.kind === 'unavailable')
      .map((e) => [e.startsAt.getTime(), e.endsAt.getTime()] as const),
  ]);
  const seen = new Set<string>();
  const free: FreeSlot[] = [];
  for (const slot of candidates) {
    const start = slot.startsAt.getTime();
    if (start < earliest || start >= latest) continue;
    if (overlapsAny(busy, start, slot.endsAt.getTime())) continue;
    const key = `${start}|${slot.facilityId ?? ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    free.push(slot);
  }
  return free.sort(
    (a, b) => a.startsAt.getTime() - b.startsAt.getTime() || compareText(a.facilityId ?? '', b.facilityId ?? ''),
  );
}

function slotsFromRules(rules: readonly AvailabilityRule[], from: Date, to: Date): FreeSlot[] {
  const slots: FreeSlot[] = [];
  const daysByZone = new Map<string, CivilDate[]>();
  for (const rule of rules) {
    let days = daysByZone.get(rule.timeZone);
    if (!days) {
      days = localDaysAround(rule.timeZone, from, to);
      daysByZone.set(rule.timeZone, days);
    }
    for (const date of days) {
      if (isRuleActiveOn(rule, date)) slots.push(...slotsOfSession(rule, date));
    }
  }
  return slots;
}

/** The zone's local dates of [from, to), with a day either side for sessions that cross midnight in UTC. */
function localDaysAround(timeZone: string, from: Date, to: Date): CivilDate[] {
  const last = formatCivilDate(addDays(localDateOf(timeZone, to), 1));
  const days: CivilDate[] = [];
  for (let date = addDays(localDateOf(timeZone, from), -1); formatCivilDate(date) <= last; date = addDays(date, 1))
    days.push(date);
  return days;
}

const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function isRuleActiveOn(rule: AvailabilityRule, date: CivilDate): boolean {
  if (weekdayOf(date) !== rule.weekday) return false;
  const day = formatCivilDate(date);
  return (rule.validFrom === null || rule.validFrom <= day) && (rule.validUntil === null || day <= rule.validUntil);
}

function slotsOfSession(rule: AvailabilityRule, date: CivilDate): FreeSlot[] {
  const slotMs = rule.slotMinutes * 60_000;
  const count = Math.floor((rule.endMinute - rule.startMinute) / rule.slotMinutes);
  const sessionStart = zonedTimeToUtc(rule.timeZone, date, rule.startMinute);
  const sessionEnd = zonedTimeToUtc(rule.timeZone, date, rule.endMinute);
  const slots: FreeSlot[] = [];
  const isRegularDay =
    sessionStart !== undefined &&
    sessionEnd !== undefined &&
    sessionEnd.getTime() - sessionStart.getTime() === (rule.endMinute - rule.startMinute) * 60_000;
  for (let index = 0; index < count; index += 1) {
    // On a daylight-saving day each slot keeps its wall-clock time; a time the clocks skip offers nothing.
    const start = isRegularDay
      ? new Date(sessionStart.getTime() + index * slotMs)
      : zonedTimeToUtc(rule.timeZone, date, rule.startMinute + index * rule.slotMinutes);
    if (!start) continue;
    slots.push({ startsAt: start, endsAt: new Date(start.getTime() + slotMs), facilityId: rule.facilityId });
  }
  return slots;
}

function slotsFromExtraSessions(exceptions: readonly AvailabilityException[]): FreeSlot[] {
  const slots: FreeSlot[] = [];
  for (const session of exceptions) {
    if (session.kind !== 'available') continue;
    const slotMs = session.slotMinutes * 60_000;
    for (let start = session.startsAt.getTime(); start + slotMs <= session.endsAt.getTime(); start += slotMs) {
      slots.push({ startsAt: new Date(start), endsAt: new Date(start + slotMs), facilityId: session.facilityId });
    }
  }
  return slots;
}

type Interval = readonly [number, number];

function mergeIntervals(intervals: Interval[]): Interval[] {
  const sorted = [...intervals].sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const [start, end] of sorted) {
    const last = merged.at(-1);
    if (last && start <= last[1]) last[1] = Math.max(last[1], end);
    else merged.push([start, end]);
  }
  return merged;
}

/** Binary search over merged (sorted, disjoint) intervals. */
function overlapsAny(busy: readonly Interval[], start: number, end: number): boolean {
  let low = 0;
  let high = busy.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    const interval = busy[middle];
    if (interval && interval[1] <= start) low = middle + 1;
    else high = middle;
  }
  const candidate = busy[low];
  return candidate !== undefined && candidate[0] < end;
}
