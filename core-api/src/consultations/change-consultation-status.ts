import { PgErrorCode, pgErrorCode } from '@medlink/platform/db';
import type { CoreApiDeps } from '../deps';
import { writeAudit } from '../shared/audit';
import { AppError, notFound } from '../shared/errors';
import type { Principal } from '../shared/principal';
import {
  findActiveParticipantIds,
  findConsultation,
  insertActivity,
  updateConsultationStatus,
  type ConsultationStatus,
} from './consultations.repository';
import { activityActorOf, publishConsultationEvent, toConsultationSummaryDto } from './consultation-events';
import { loadConsultationForCaller } from './load-consultation-for-caller';

/** open / snoozed / resolved, by a participant or an admin. A patient has at most one live consultation. */
export async function changeConsultationStatus(
  deps: CoreApiDeps,
  principal: Principal | undefined,
  input: { consultationId: string; status: Exclude<ConsultationStatus, 'pending'> },
) {
  await loadConsultationForCaller(deps.db, principal, input.consultationId);
  const result = await deps.db
    .transaction(async (tx) => {
      const before = await findConsultation(tx, input.consultationId, { lock: true });
      if (!before) throw notFound('Consultation');
      if (before.status !== input.status) {
        await updateConsultationStatus(tx, before.id, input.status);
        await insertActivity(tx, {
          consultationId: before.id,
          kind: 'status_changed',
          ...activityActorOf(principal),
          details: { from: before.status, to: input.status },
        });
        await writeAudit(tx, {
          principal,
          action: 'consultation.status',
          recordType: 'consultation',
          recordId: before.id,
          patientId: before.patient_id,
          details: { from: before.status, to: input.status },
        });
      }
      const consultation = await findConsultation(tx, before.id);
      if (!consultation) throw notFound('Consultation');
      return {
        changed: before.status !== input.status,
        consultation,
        participantIds: await findActiveParticipantIds(tx, before.id),
      };
    })
    .catch((error: unknown) => {
      if (pgErrorCode(error) === PgErrorCode.uniqueViolation) {
        throw new AppError({
          code: 'conflict',
          detail: 'The patient already has another live consultation',
          cause: error,
        });
      }
      throw error;
    });
  const dto = toConsultationSummaryDto(result.consultation);
  if (result.changed) {
    publishConsultationEvent(deps, {
      type: 'consultation.updated',
      consultationId: dto.id,
      practitionerIds: result.participantIds,
      payload: { consultation: dto, change: 'status' },
    });
  }
  return dto;
}
