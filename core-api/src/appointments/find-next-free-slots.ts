import type { Queryable } from '@medlink/platform/db';
import { findBookedIntervals, findSchedules } from './availability.repository';
import { computeFreeSlots } from './compute-free-slots';

const NEAR_WINDOWS_DAYS = [2];

/**
 * The earliest bookable slot start per verified practitioner within `horizonDays` of `from` (which is
 * also taken as "now"). Practitioners with no free slot, or not verified, are absent from the map.
 * Two queries whatever the number of practitioners.
 */
export async function findNextFreeSlots(
  db: Queryable,
  practitionerIds: string[],
  from: Date,
  horizonDays: number,
): Promise<Map<string, Date>> {
  const to = new Date(from.getTime() + horizonDays * 86_400_000);
  const [schedules, booked] = await Promise.all([
    findSchedules(db, practitionerIds, { from, to, verifiedOnly: true }),
    findBookedIntervals(db, practitionerIds, { from, to }),
  ]);
  const next = new Map<string, Date>();
  for (const [practitionerId, schedule] of schedules) {
    // Most practitioners have a free slot within days: look there first, then over the whole horizon.
    for (const days of [...NEAR_WINDOWS_DAYS.filter((near) => near < horizonDays), horizonDays]) {
      const until = new Date(from.getTime() + days * 86_400_000);
      const [first] = computeFreeSlots({
        ...schedule,
        booked: booked.get(practitionerId) ?? [],
        from,
        to: until,
        now: from,
      });
      if (first) {
        next.set(practitionerId, first.startsAt);
        break;
      }
    }
  }
  return next;
}
