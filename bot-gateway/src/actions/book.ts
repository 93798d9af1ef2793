import { z } from 'zod';
import type { FlowAction } from './action-context';
import { toReference } from './action-context';
import { appointmentWhen } from './appointment-time-zone';
import { CoreApiError, expectOk } from './core-api-client';
import { findPractitionerInfo, placeName } from './practitioner-directory';
import { parseSlotId } from './slot-id';

const appointmentSchema = z.object({ id: z.string(), startsAt: z.string(), facilityId: z.string().nullable() });

/** Books the slot (core-api commits it with its reminders), then, for a USSD patient, queues the confirmation SMS. */
export const book: FlowAction<'book'> = async (input, context) => {
  const slot = parseSlotId(input.slotId);
  if (!slot) throw new CoreApiError(400, 'unknown slot');
  const patient = await context.patient();
  const body = {
    practitionerId: input.practitionerId,
    patientId: patient.patientId,
    startsAt: slot.startsAt,
    mode: slot.mode,
    ...(slot.facilityId ? { facilityId: slot.facilityId } : {}),
    ...(input.triageRecordId ? { triageRecordId: input.triageRecordId } : {}),
  };
  const appointment = expectOk(await context.api.request('POST', '/appointments', { body }), appointmentSchema);
  const practitioner = await findPractitionerInfo(context.api, input.practitionerId);
  const facilityName = await placeName(context.api, appointment.facilityId, input.lang);
  const when = await appointmentWhen(
    context,
    { ...appointment, practitionerTimeZone: practitioner.timeZone },
    input.lang,
  );
  const reference = toReference(appointment.id);
  // Over SMS and WhatsApp the flow's own reply is the confirmation; a USSD screen vanishes, so it goes by SMS.
  if (context.pushChannel && context.pushChannel !== context.channel) {
    const text =
      input.lang === 'en'
        ? `MedLink: appointment ${reference} booked with ${practitioner.fullName}, ${when}, ${facilityName}. Reply CANCEL or MOVE to change it.`
        : `MedLink : rendez-vous ${reference} réservé avec ${practitioner.fullName}, ${when}, ${facilityName}. Répondez ANNULER ou DEPLACER pour le changer.`;
    // Solicited (the patient just booked); the idempotency key makes a retried step queue it once.
    expectOk(
      await context.api.request('POST', '/messages/outbound', {
        body: {
          patientId: patient.patientId,
          channel: context.pushChannel,
          text,
          idempotencyKey: `booking:${appointment.id}`,
          solicited: true,
        },
      }),
      z.unknown(),
    );
  }
  context.onAppointmentChanged(appointment.id);
  return { appointmentId: appointment.id, reference, when, practitionerName: practitioner.fullName, facilityName };
};
