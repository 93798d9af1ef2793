import type { Queryable } from '@medlink/platform/db';
import { AppError } from '../shared/errors';
import { findFreeSlotsOf } from './find-slots';
import type { FreeSlot } from './compute-free-slots';

/**
 * The slot of the practitioner's schedule that starts at `startsAt` at `facilityId` (null: remote), free
 * apart from `excludeAppointmentId`. A slot the schedule does not offer is a 400 on `startsAt`; one the
 * schedule offers but someone holds is 409 slot_taken. The database still arbitrates races.
 */
export async function findOfferedSlot(
  db: Queryable,
  request: {
    practitionerId: string;
    startsAt: Date;
    facilityId: string | null;
    now: Date;
    excludeAppointmentId?: string;
  },
): Promise<FreeSlot> {
  if (request.startsAt.getTime() <= request.now.getTime()) throw invalidStart('is in the past');
  const window = { from: request.startsAt, to: new Date(request.startsAt.getTime() + 60_000), now: request.now };
  const matches = (slot: FreeSlot) =>
    slot.startsAt.getTime() === request.startsAt.getTime() && slot.facilityId === request.facilityId;
  const free = await findFreeSlotsOf(db, request.practitionerId, {
    ...window,
    excludeAppointmentId: request.excludeAppointmentId,
  });
  const slot = free.find(matches);
  if (slot) return slot;
  const offered = await findFreeSlotsOf(db, request.practitionerId, { ...window, ignoreBookings: true });
  if (offered.some(matches))
    throw new AppError({ code: 'slot_taken', detail: 'This slot has just been taken; please choose another' });
  throw invalidStart(
    request.facilityId
      ? 'is not a slot the practitioner offers at this facility'
      : 'is not a remote slot the practitioner offers',
  );
}

function invalidStart(message: string): AppError {
  return new AppError({
    code: 'validation_failed',
    detail: 'The requested time cannot be booked',
    errors: [{ path: 'body.startsAt', message }],
  });
}
