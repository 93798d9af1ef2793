import { computeFreeSlots } from '../appointments/compute-free-slots';
import type { PractitionerSchedule } from './recommendations.repository';

const NEAR_DAYS = 2;
const MAX_REMEMBERED = 50_000;

/** The last answer per practitioner, with the exact schedule it was computed from. */
const remembered = new Map<
  string,
  { rules: PractitionerSchedule['rules']; rulesText: string; restText: string; computedAt: number; slot: Date }
>();

/**
 * The earliest free slot starting within `horizonDays` of `now`. The schedule is read fresh on every
 * request; only the computation (time-zone arithmetic per session, the bulk of a recommendation's CPU) is
 * reused: with an identical schedule, a slot found at an earlier instant is still the first one as long as
 * it has not started, since any earlier free slot would have been found then.
 */
export function nextFreeSlot(
  practitionerId: string,
  schedule: PractitionerSchedule | undefined,
  now: Date,
  horizonDays: number,
): Date | undefined {
  if (!schedule) return undefined;
  const restText = JSON.stringify([schedule.exceptions, schedule.booked]);
  const known = remembered.get(practitionerId);
  // Weekly rules from the practitioner catalogue are the same (immutable) array while they do not change,
  // which spares serialising them to compare.
  if (
    known &&
    known.computedAt <= now.getTime() &&
    known.slot.getTime() > now.getTime() &&
    known.restText === restText &&
    (known.rules === schedule.rules || known.rulesText === JSON.stringify(schedule.rules))
  )
    return known.slot;
  for (const days of [NEAR_DAYS, horizonDays]) {
    const [first] = computeFreeSlots({ ...schedule, from: now, to: new Date(now.getTime() + days * 86_400_000), now });
    if (first) {
      if (remembered.size >= MAX_REMEMBERED) remembered.clear();
      remembered.set(practitionerId, {
        rules: schedule.rules,
        rulesText: JSON.stringify(schedule.rules),
        restText,
        computedAt: now.getTime(),
        slot: first.startsAt,
      });
      return first.startsAt;
    }
  }
  return undefined;
}
