import { PgErrorCode, pgErrorCode } from '@medlink/platform/db';
import type { CoreApiDeps } from '../deps';
import { findPractitionerById } from '../practitioners/practitioners.repository';
import { writeAudit, type AuditEntry } from '../shared/audit';
import { AppError, forbidden, notFound } from '../shared/errors';
import type { Principal } from '../shared/principal';
import { writeReminders } from './appointment-reminders.repository';
import type { AppointmentDto, BookAppointmentBody } from './appointments.schemas';
import { insertAppointment, isTriageRecordOf, patientExists } from './appointments.repository';
import { findOfferedSlot } from './find-offered-slot';
import { resolveAppointmentActor } from './resolve-appointment-actor';
import { appointmentEvent, toAppointmentDto } from './to-appointment-dto';

/**
 * Books a slot the practitioner's schedule offers. The gateway books for a patient, a practitioner for
 * themself, an admin for anyone. The exclusion constraint decides between simultaneous requests.
 */
export async function bookAppointment(
  deps: CoreApiDeps,
  principal: Principal | undefined,
  body: BookAppointmentBody,
  origin: AuditEntry['origin'],
): Promise<AppointmentDto> {
  const actor = await resolveAppointmentActor(deps, principal);
  if (actor.kind === 'practitioner' && actor.practitionerId !== body.practitionerId)
    throw forbidden('A practitioner books only into their own schedule');
  const practitioner = await findPractitionerById(deps.db, body.practitionerId);
  if (!practitioner) throw notFound('Practitioner');
  if (practitioner.verificationStatus !== 'verified')
    throw new AppError({ code: 'invalid_state', detail: 'This practitioner is not bookable until verified' });
  if (!(await patientExists(deps.db, body.patientId))) throw notFound('Patient');
  if (body.triageRecordId && !(await isTriageRecordOf(deps.db, body.triageRecordId, body.patientId))) {
    throw new AppError({
      code: 'validation_failed',
      detail: 'Unknown triage record',
      errors: [{ path: 'body.triageRecordId', message: "not one of this patient's triage records" }],
    });
  }
  const now = deps.clock();
  const slot = await findOfferedSlot(deps.db, {
    practitionerId: practitioner.id,
    startsAt: body.startsAt,
    facilityId: body.facilityId ?? null,
    now,
  });
  const booked = await deps.db
    .transaction(async (tx) => {
      const appointment = await insertAppointment(tx, {
        practitionerId: practitioner.id,
        patientId: body.patientId,
        facilityId: slot.facilityId,
        mode: body.mode,
        specialty: body.specialty ?? null,
        reason: body.reason ?? null,
        triageRecordId: body.triageRecordId ?? null,
        startsAt: slot.startsAt,
        endsAt: slot.endsAt,
        status: 'requested',
        bookedVia: actor.kind === 'patient' ? 'gateway' : actor.kind,
      });
      await writeReminders(tx, appointment.id, appointment.startsAt, now);
      await writeAudit(tx, {
        principal,
        action: 'appointment.booked',
        recordType: 'appointment',
        recordId: appointment.id,
        patientId: appointment.patientId,
        origin,
      });
      return appointment;
    })
    .catch(translateSlotConflict);
  const dto = toAppointmentDto(booked);
  deps.publish(appointmentEvent(dto));
  return dto;
}

export function translateSlotConflict(error: unknown): never {
  if (pgErrorCode(error) === PgErrorCode.exclusionViolation) {
    throw new AppError({
      code: 'slot_taken',
      detail: 'This slot has just been taken; please choose another',
      cause: error,
    });
  }
  throw error;
}
