import type { AvailabilityRule } from '../appointments/compute-free-slots';
import { nextFreeSlot } from './next-free-slot';
import type { PractitionerSchedule } from './recommendations.repository';

// Friday 27 November 2026; Dakar is UTC+0 all year.
const FRIDAY_0900 = new Date('2026-11-27T09:00:00Z');
const weekdayMornings: AvailabilityRule[] = [1, 2, 3, 4, 5].map((weekday) => ({
  weekday,
  startMinute: 8 * 60,
  endMinute: 12 * 60,
  slotMinutes: 30,
  timeZone: 'Africa/Dakar',
  facilityId: null,
  validFrom: null,
  validUntil: null,
}));
const at = (iso: string) => new Date(iso);
let practitioner = 0;
const someone = () => `practitioner-${(practitioner += 1)}`;

describe('nextFreeSlot', () => {
  it('is the first slot that has not started, skipping booked appointments and leave', () => {
    const schedule: PractitionerSchedule = {
      rules: weekdayMornings,
      exceptions: [
        {
          kind: 'unavailable',
          startsAt: at('2026-11-27T10:00:00Z'),
          endsAt: at('2026-11-27T11:00:00Z'),
          facilityId: null,
          slotMinutes: 30,
        },
      ],
      booked: [{ startsAt: at('2026-11-27T09:30:00Z'), endsAt: at('2026-11-27T10:00:00Z') }],
    };
    expect(nextFreeSlot(someone(), schedule, FRIDAY_0900, 14)?.toISOString()).toBe('2026-11-27T11:00:00.000Z');
  });

  it('looks past the weekend, and answers nothing without a schedule or a free slot in the horizon', () => {
    const friday1200 = at('2026-11-27T12:00:00Z');
    expect(
      nextFreeSlot(someone(), { rules: weekdayMornings, exceptions: [], booked: [] }, friday1200, 14)?.toISOString(),
    ).toBe('2026-11-30T08:00:00.000Z');
    expect(nextFreeSlot(someone(), undefined, friday1200, 14)).toBeUndefined();
    const onLeave = {
      kind: 'unavailable' as const,
      startsAt: friday1200,
      endsAt: at('2026-12-31T00:00:00Z'),
      facilityId: null,
      slotMinutes: 30,
    };
    expect(
      nextFreeSlot(someone(), { rules: weekdayMornings, exceptions: [onLeave], booked: [] }, friday1200, 14),
    ).toBeUndefined();
  });

  it('answers anew when the remembered slot gets booked, when it has started, and when asked about an earlier instant', () => {
    const id = someone();
    const open: PractitionerSchedule = { rules: weekdayMornings, exceptions: [], booked: [] };
    expect(nextFreeSlot(id, open, FRIDAY_0900, 14)?.toISOString()).toBe('2026-11-27T09:30:00.000Z');
    const booked = { ...open, booked: [{ startsAt: at('2026-11-27T09:30:00Z'), endsAt: at('2026-11-27T10:00:00Z') }] };
    expect(nextFreeSlot(id, booked, FRIDAY_0900, 14)?.toISOString()).toBe('2026-11-27T10:00:00.000Z');
    expect(nextFreeSlot(id, booked, at('2026-11-27T10:05:00Z'), 14)?.toISOString()).toBe('2026-11-27T10:30:00.000Z');
    expect(nextFreeSlot(id, booked, at('2026-11-27T08:00:00Z'), 14)?.toISOString()).toBe('2026-11-27T08:30:00.000Z');
  });
});
