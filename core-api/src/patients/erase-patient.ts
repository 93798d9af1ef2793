import type { CoreApiDeps } from '../deps';
import { writeAudit } from '../shared/audit';
import { notFound } from '../shared/errors';
import type { Principal } from '../shared/principal';
import { addressSpellings } from './normalize-identity';
import {
  eraseStoredPatientData,
  findCompletedErasureRequest,
  insertCompletedErasureRequest,
  type ErasureRequestRow,
} from './patient-erasure.repository';
import { findPatientById, listIdentities } from './patients.repository';

/**
 * Records the request and carries it out in one transaction (docs/policies/erasure.md). A second
 * request for an erased patient answers the first one: the gateway may retry.
 */
export async function erasePatient(
  deps: CoreApiDeps,
  principal: Principal | undefined,
  input: { patientId: string; channel: string },
) {
  const request = await deps.db.transaction(async (tx): Promise<ErasureRequestRow> => {
    const patient = await findPatientById(tx, input.patientId, { forUpdate: true });
    if (!patient) throw notFound('Patient');
    if (patient.erased_at) {
      const previous = await findCompletedErasureRequest(tx, patient.id);
      if (previous) return previous;
    }
    const at = deps.clock();
    const identities = await listIdentities(tx, patient.id);
    await eraseStoredPatientData(tx, { patientId: patient.id, addresses: identities.flatMap(addressSpellings), at });
    const recorded = await insertCompletedErasureRequest(tx, { patientId: patient.id, channel: input.channel, at });
    await writeAudit(tx, {
      principal,
      action: 'patient.erasure',
      recordType: 'patient',
      recordId: patient.id,
      patientId: patient.id,
      details: { channel: input.channel, erasureRequestId: recorded.id },
    });
    return recorded;
  });
  const completedAt = request.completed_at ?? request.requested_at;
  return {
    requestId: request.id,
    patientId: request.patient_id,
    status: 'completed' as const,
    requestedAt: request.requested_at.toISOString(),
    completedAt: completedAt.toISOString(),
  };
}
