import type { CoreApiDeps } from '../deps';
import { writeAudit, type AuditEntry } from '../shared/audit';
import { notFound } from '../shared/errors';
import { isAdmin, isGateway, practitionerIdOf } from '../shared/principal-lookup';
import type { Principal } from '../shared/principal';
import { findPatientById, isPractitionerOfPatient, listIdentities } from './patients.repository';
import { toPatientDto } from './to-patient-dto';

/**
 * The gateway and admins read any patient; a practitioner only one they follow. Anyone else, and a
 * patient that does not exist, gets the same 404. Every attempt is audited.
 */
export async function readPatient(
  deps: CoreApiDeps,
  principal: Principal | undefined,
  patientId: string,
  origin: AuditEntry['origin'],
) {
  const withContact = isAdmin(principal) || isGateway(principal);
  const practitionerId = withContact ? undefined : await practitionerIdOf(deps.db, principal);
  const patient = await findPatientById(deps.db, patientId);
  const allowed =
    patient !== undefined &&
    (withContact ||
      (practitionerId !== undefined && (await isPractitionerOfPatient(deps.db, practitionerId, patientId))));
  await writeAudit(deps.db, {
    principal,
    action: 'patient.read',
    recordType: 'patient',
    recordId: patientId,
    patientId: patient ? patientId : null,
    outcome: allowed ? 'ok' : 'denied',
    origin,
  });
  if (!patient || !allowed) throw notFound('Patient');
  return toPatientDto(patient, withContact ? await listIdentities(deps.db, patientId) : undefined);
}
