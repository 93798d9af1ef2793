import type { CoreApiDeps } from '../deps';
import { writeAudit, type AuditEntry } from '../shared/audit';
import { AppError } from '../shared/errors';
import { decodeCursor, toPage } from '../shared/pagination';
import type { Principal } from '../shared/principal';
import type { AppointmentDto, ListAppointmentsQuery } from './appointments.schemas';
import { findAppointmentById, listAppointments } from './appointments.repository';
import { assertMayAccess, resolveAppointmentActor } from './resolve-appointment-actor';
import { toAppointmentDto } from './to-appointment-dto';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function findAppointment(
  deps: CoreApiDeps,
  principal: Principal | undefined,
  request: { id: string; patientId?: string },
  origin: AuditEntry['origin'],
): Promise<AppointmentDto> {
  const actor = await resolveAppointmentActor(deps, principal);
  const appointment = assertMayAccess(actor, await findAppointmentById(deps.db, request.id), request.patientId);
  await writeAudit(deps.db, {
    principal,
    action: 'appointment.read',
    recordType: 'appointment',
    recordId: appointment.id,
    patientId: appointment.patientId,
    origin,
  });
  return toAppointmentDto(appointment);
}

/** Practitioners see their own appointments, admins all, the gateway one named patient's. */
export async function findAppointmentPage(
  deps: CoreApiDeps,
  principal: Principal | undefined,
  query: ListAppointmentsQuery,
  origin: AuditEntry['origin'],
) {
  const actor = await resolveAppointmentActor(deps, principal);
  if (actor.kind === 'patient' && !query.patientId) {
    throw new AppError({
      code: 'validation_failed',
      detail: 'The gateway lists one patient at a time',
      errors: [{ path: 'query.patientId', message: 'required' }],
    });
  }
  const after = decodeCursor(query.cursor);
  if (query.cursor && (!after || Number.isNaN(Date.parse(after.sortKey)) || !UUID.test(after.id))) {
    throw new AppError({
      code: 'validation_failed',
      detail: 'Invalid cursor',
      errors: [{ path: 'query.cursor', message: 'not a cursor this API issued' }],
    });
  }
  const records = await listAppointments(deps.db, {
    practitionerId: actor.kind === 'practitioner' ? actor.practitionerId : query.practitionerId,
    patientId: query.patientId,
    status: query.status,
    from: query.from ? new Date(query.from) : undefined,
    to: query.to ? new Date(query.to) : undefined,
    after,
    limit: query.limit + 1,
  });
  const page = toPage(records, query.limit, toAppointmentDto, (record) => ({
    sortKey: record.startsAt.toISOString(),
    id: record.id,
  }));
  await writeAudit(deps.db, {
    principal,
    action: 'appointment.listed',
    recordType: 'appointment',
    patientId: query.patientId ?? null,
    origin,
    details: { count: page.items.length, appointmentIds: page.items.map((item) => item.id) },
  });
  return page;
}
