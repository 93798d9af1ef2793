import { z } from 'zod';
import type { FlowAction } from './action-context';
import { appointmentWhen } from './appointment-time-zone';
import { CoreApiError, expectOk } from './core-api-client';
import { findPractitionerInfo } from './practitioner-directory';
import { parseSlotId } from './slot-id';

const appointmentSchema = z.object({
  id: z.string(),
  practitionerId: z.string(),
  startsAt: z.string(),
  facilityId: z.string().nullable(),
  mode: z.enum(['in_person', 'remote']),
});

/**
 * core-api moves an appointment within its place; a time at another place (the practitioner's other
 * facility, or remote) is a new booking, made before the old one is cancelled so the patient is never
 * left with none.
 */
export const rescheduleAppointment: FlowAction<'rescheduleAppointment'> = async (input, context) => {
  const slot = parseSlotId(input.slotId);
  if (!slot) throw new CoreApiError(400, 'unknown slot');
  const patient = await context.patient();
  const current = expectOk(
    await context.api.request('GET', `/appointments/${input.appointmentId}`, {
      query: { patientId: patient.patientId },
    }),
    appointmentSchema,
  );
  const isSamePlace = current.facilityId === slot.facilityId && current.mode === slot.mode;
  const moved = isSamePlace
    ? expectOk(
        await context.api.request('POST', `/appointments/${input.appointmentId}/reschedule`, {
          body: { startsAt: slot.startsAt, patientId: patient.patientId },
        }),
        appointmentSchema,
      )
    : await rebook(context, current, slot, patient.patientId);
  const practitioner = await findPractitionerInfo(context.api, moved.practitionerId);
  context.onAppointmentChanged(moved.id);
  const when = await appointmentWhen(context, { ...moved, practitionerTimeZone: practitioner.timeZone }, input.lang);
  return { appointmentId: moved.id, when };
};

async function rebook(
  context: Parameters<FlowAction<'rescheduleAppointment'>>[1],
  current: z.infer<typeof appointmentSchema>,
  slot: NonNullable<ReturnType<typeof parseSlotId>>,
  patientId: string,
) {
  const body = {
    practitionerId: current.practitionerId,
    patientId,
    startsAt: slot.startsAt,
    mode: slot.mode,
    ...(slot.facilityId ? { facilityId: slot.facilityId } : {}),
  };
  const booked = expectOk(await context.api.request('POST', '/appointments', { body }), appointmentSchema);
  expectOk(
    await context.api.request('POST', `/appointments/${current.id}/cancel`, {
      body: { reason: 'moved by the patient', patientId },
    }),
    z.unknown(),
  );
  return booked;
}
