import { z } from 'zod';
import type { FlowAction } from './action-context';
import { appointmentTimeZone } from './appointment-time-zone';
import { expectOk } from './core-api-client';
import { formatWhen } from './format-when';
import { findPractitionerInfo } from './practitioner-directory';
import { toSlotId } from './slot-id';

const slotsSchema = z.object({
  slots: z.array(
    z.object({ startsAt: z.string(), facilityId: z.string().nullable(), mode: z.enum(['in_person', 'remote']) }),
  ),
});

/** The place of a remote consultation, where flows name a facility by its id. */
export const REMOTE_PLACE = 'remote';

export const listSlots: FlowAction<'listSlots'> = async (input, context) => {
  const practitioner = await findPractitionerInfo(context.api, input.practitionerId);
  const result = expectOk(
    await context.api.request('GET', `/practitioners/${input.practitionerId}/slots`, {
      query: { from: context.now.toISOString() },
    }),
    slotsSchema,
  );
  const { place } = input;
  const offered =
    place === undefined
      ? onePlace(result.slots)
      : result.slots.filter((slot) =>
          place === REMOTE_PLACE ? slot.mode === 'remote' : slot.mode === 'in_person' && slot.facilityId === place,
        );
  const shown = offered.slice(0, input.limit ?? 6);
  // The times offered are all at one place (see onePlace), read in that place's zone.
  const timeZone = await appointmentTimeZone(context.api, {
    facilityId: shown[0]?.facilityId ?? null,
    contactAddress: context.contactAddress,
    practitionerTimeZone: practitioner.timeZone,
  });
  return {
    slots: shown.map((slot) => ({
      id: toSlotId(slot),
      startsAt: slot.startsAt,
      when: formatWhen(new Date(slot.startsAt), input.lang, timeZone),
    })),
  };
};

/**
 * Without a place asked for, the times of one place: in person at the facility of the first in-person time
 * when there is one, else remote. A booking moved later stays at its place, so the times offered for it
 * must all be at one place.
 */
function onePlace<Slot extends { facilityId: string | null; mode: 'in_person' | 'remote' }>(slots: Slot[]): Slot[] {
  const first = slots.find((slot) => slot.mode === 'in_person') ?? slots[0];
  if (!first) return [];
  return slots.filter((slot) => slot.mode === first.mode && slot.facilityId === first.facilityId);
}
