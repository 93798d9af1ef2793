import type { CoreApiDeps } from '../deps';
import { writeAudit, type AuditEntry } from '../shared/audit';
import { AppError, forbidden } from '../shared/errors';
import type { Principal } from '../shared/principal';
import { cancelReminders, writeReminders } from './appointment-reminders.repository';
import { decideTransition, type AppointmentAction } from './appointment-transitions';
import type { AppointmentDto } from './appointments.schemas';
import { findAppointmentById, updateAppointment } from './appointments.repository';
import { findOfferedSlot } from './find-offered-slot';
import { notifyPatientOfChange, type PatientNotice } from './notify-patient-of-change';
import { translateSlotConflict } from './book-appointment';
import { assertMayAccess, resolveAppointmentActor } from './resolve-appointment-actor';
import { appointmentEvent, toAppointmentDto } from './to-appointment-dto';

type StatusAction = Exclude<AppointmentAction, 'reschedule'>;

/** What staff actions the patient is told about (their own actions come from the conversation itself). */
const STAFF_NOTICES: Partial<Record<StatusAction, PatientNotice>> = { confirm: 'confirmed', decline: 'declined' };

/** confirm, decline, cancel, complete, no-show: checks who and when by the transition table, in one transaction. */
export async function changeAppointmentStatus(
  deps: CoreApiDeps,
  principal: Principal | undefined,
  request: { id: string; action: StatusAction; reason?: string; patientId?: string },
  origin: AuditEntry['origin'],
): Promise<AppointmentDto> {
  const actor = await resolveAppointmentActor(deps, principal);
  const now = deps.clock();
  const changed = await deps.db.transaction(async (tx) => {
    const appointment = assertMayAccess(
      actor,
      await findAppointmentById(tx, request.id, { forUpdate: true }),
      request.patientId,
    );
    const decision = decideTransition(request.action, appointment, actor.kind, now);
    if (!decision.allowed) throw refusal(decision.reason, request.action, appointment.status);
    const updated = await updateAppointment(tx, appointment.id, {
      status: decision.to,
      statusReason: request.reason ?? null,
    });
    if (request.action === 'confirm') await writeReminders(tx, updated.id, updated.startsAt, now);
    else await cancelReminders(tx, updated.id);
    const notice = STAFF_NOTICES[request.action];
    if (notice && actor.kind !== 'patient') {
      await notifyPatientOfChange(tx, {
        appointmentId: updated.id,
        patientId: updated.patientId,
        startsAt: updated.startsAt,
        notice,
        reason: request.reason,
        now,
      });
    }
    await writeAudit(tx, {
      principal,
      action: `appointment.${request.action}`,
      recordType: 'appointment',
      recordId: updated.id,
      patientId: updated.patientId,
      origin,
      details: { from: appointment.status, to: updated.status },
    });
    return updated;
  });
  const dto = toAppointmentDto(changed);
  deps.publish(appointmentEvent(dto));
  return dto;
}

/** Moves an appointment to another offered slot: the new slot is held or nothing changes. */
export async function rescheduleAppointment(
  deps: CoreApiDeps,
  principal: Principal | undefined,
  request: { id: string; startsAt: Date; patientId?: string },
  origin: AuditEntry['origin'],
): Promise<AppointmentDto> {
  const actor = await resolveAppointmentActor(deps, principal);
  const now = deps.clock();
  const moved = await deps.db
    .transaction(async (tx) => {
      const appointment = assertMayAccess(
        actor,
        await findAppointmentById(tx, request.id, { forUpdate: true }),
        request.patientId,
      );
      const decision = decideTransition('reschedule', appointment, actor.kind, now);
      if (!decision.allowed) throw refusal(decision.reason, 'reschedule', appointment.status);
      const slot = await findOfferedSlot(tx, {
        practitionerId: appointment.practitionerId,
        startsAt: request.startsAt,
        facilityId: appointment.facilityId,
        now,
        excludeAppointmentId: appointment.id,
      });
      const updated = await updateAppointment(tx, appointment.id, {
        status: decision.to,
        startsAt: slot.startsAt,
        endsAt: slot.endsAt,
      });
      await writeReminders(tx, updated.id, updated.startsAt, now);
      if (actor.kind !== 'patient') {
        await notifyPatientOfChange(tx, {
          appointmentId: updated.id,
          patientId: updated.patientId,
          startsAt: updated.startsAt,
          notice: 'rescheduled',
          now,
        });
      }
      await writeAudit(tx, {
        principal,
        action: 'appointment.rescheduled',
        recordType: 'appointment',
        recordId: updated.id,
        patientId: updated.patientId,
        origin,
        details: { from: appointment.startsAt.toISOString(), to: updated.startsAt.toISOString() },
      });
      return updated;
    })
    .catch(translateSlotConflict);
  const dto = toAppointmentDto(moved);
  deps.publish(appointmentEvent(dto));
  return dto;
}

function refusal(
  reason: 'forbidden' | 'invalid_state' | 'not_started',
  action: AppointmentAction,
  status: string,
): AppError {
  if (reason === 'forbidden') return forbidden(`You may not ${action.replace('_', '-')} this appointment`);
  if (reason === 'not_started')
    return new AppError({
      code: 'invalid_state',
      detail: `An appointment cannot be marked ${action.replace('_', '-')} before it starts`,
    });
  return new AppError({
    code: 'invalid_state',
    detail: `Cannot ${action.replace('_', '-')} an appointment that is ${status}`,
  });
}
