import type { Queryable } from '@medlink/platform/db';
import type { CoreApiDeps } from '../deps';
import { findPractitionerById } from '../practitioners/practitioners.repository';
import { AppError, notFound } from '../shared/errors';
import { isAdmin, practitionerIdOf } from '../shared/principal-lookup';
import type { Principal } from '../shared/principal';
import { findBookedIntervals, findSchedules } from './availability.repository';
import { computeFreeSlots, type BusyInterval, type FreeSlot } from './compute-free-slots';

const DEFAULT_WINDOW_DAYS = 7;
const MAX_WINDOW_DAYS = 31;

/** Free slots of one practitioner in [from, to): schedule minus leave, bookings (but `excludeAppointmentId`) and the past. */
export async function findFreeSlotsOf(
  db: Queryable,
  practitionerId: string,
  window: { from: Date; to: Date; now: Date; excludeAppointmentId?: string; ignoreBookings?: boolean },
): Promise<FreeSlot[]> {
  const [schedules, booked] = await Promise.all([
    findSchedules(db, [practitionerId], { from: window.from, to: window.to, verifiedOnly: false }),
    window.ignoreBookings ? new Map<string, BusyInterval[]>() : findBookedIntervals(db, [practitionerId], window),
  ]);
  const schedule = schedules.get(practitionerId) ?? { rules: [], exceptions: [] };
  return computeFreeSlots({
    ...schedule,
    booked: booked.get(practitionerId) ?? [],
    from: window.from,
    to: window.to,
    now: window.now,
  });
}

/** Public for verified practitioners; the practitioner themself and admins see any. */
export async function findSlots(
  deps: CoreApiDeps,
  principal: Principal | undefined,
  practitionerId: string,
  query: { from?: string; to?: string; facilityId?: string; mode?: 'in_person' | 'remote' },
) {
  const record = await findPractitionerById(deps.readDb, practitionerId);
  const mayView =
    record &&
    (record.verificationStatus === 'verified' ||
      isAdmin(principal) ||
      (await practitionerIdOf(deps.db, principal)) === record.id);
  if (!record || !mayView) throw notFound('Practitioner');
  const now = deps.clock();
  const from = query.from ? new Date(query.from) : now;
  const to = query.to ? new Date(query.to) : new Date(from.getTime() + DEFAULT_WINDOW_DAYS * 86_400_000);
  const span = to.getTime() - from.getTime();
  if (span <= 0 || span > MAX_WINDOW_DAYS * 86_400_000) {
    throw new AppError({
      code: 'validation_failed',
      detail: 'Invalid window',
      errors: [{ path: 'query.to', message: `must be after from, at most ${MAX_WINDOW_DAYS} days` }],
    });
  }
  const slots = (await findFreeSlotsOf(deps.readDb, record.id, { from, to, now })).filter(
    (slot) =>
      (query.facilityId === undefined || slot.facilityId === query.facilityId) &&
      (query.mode === undefined || (query.mode === 'remote') === (slot.facilityId === null)),
  );
  return {
    practitionerId: record.id,
    from: from.toISOString(),
    to: to.toISOString(),
    slots: slots.map((slot) => ({
      startsAt: slot.startsAt.toISOString(),
      endsAt: slot.endsAt.toISOString(),
      facilityId: slot.facilityId,
      mode: slot.facilityId === null ? ('remote' as const) : ('in_person' as const),
    })),
  };
}
