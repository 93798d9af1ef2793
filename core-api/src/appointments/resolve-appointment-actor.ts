import type { CoreApiDeps } from '../deps';
import { forbidden, notFound } from '../shared/errors';
import { isAdmin, isGateway, practitionerIdOf } from '../shared/principal-lookup';
import type { Principal } from '../shared/principal';
import type { AppointmentActor } from './appointment-transitions';
import type { AppointmentRecord } from './appointments.repository';

export type ResolvedActor = { kind: 'admin' } | { kind: 'practitioner'; practitionerId: string } | { kind: 'patient' };

/** Who acts on appointments: an admin, a practitioner with a practitioner record, or the gateway for a patient. */
export async function resolveAppointmentActor(
  deps: CoreApiDeps,
  principal: Principal | undefined,
): Promise<ResolvedActor> {
  if (isAdmin(principal)) return { kind: 'admin' };
  if (isGateway(principal)) return { kind: 'patient' };
  const practitionerId = await practitionerIdOf(deps.db, principal);
  if (practitionerId) return { kind: 'practitioner', practitionerId };
  throw forbidden('Only admins, practitioners and the patient (through the gateway) may act on appointments');
}

/**
 * The object check: a practitioner sees only their own appointments, the gateway only those of the
 * patient it names. Anything else does not exist for the caller.
 */
export function assertMayAccess(
  actor: ResolvedActor,
  appointment: AppointmentRecord | undefined,
  patientId: string | undefined,
): AppointmentRecord {
  if (!appointment) throw notFound('Appointment');
  if (actor.kind === 'practitioner' && appointment.practitionerId !== actor.practitionerId)
    throw notFound('Appointment');
  if (actor.kind === 'patient' && appointment.patientId !== patientId) throw notFound('Appointment');
  return appointment;
}

export const actorKindOf = (actor: ResolvedActor): AppointmentActor => actor.kind;
