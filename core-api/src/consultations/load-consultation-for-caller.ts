import type { Queryable } from '@medlink/platform/db';
import { writeAudit } from '../shared/audit';
import { notFound } from '../shared/errors';
import type { Principal } from '../shared/principal';
import { isAdmin, practitionerIdOf } from '../shared/principal-lookup';
import {
  findActiveParticipant,
  findConsultation,
  type ConsultationRow,
  type ParticipantRow,
} from './consultations.repository';

export interface ConsultationAccess {
  consultation: ConsultationRow;
  /** The caller's practitioner record when they take part. */
  participant?: ParticipantRow;
  isAdmin: boolean;
}

/**
 * The object check: a practitioner sees only consultations they take part in (others answer 404, as if
 * they did not exist, and the refusal is audited); an admin sees all unless the action needs a participant.
 */
export async function loadConsultationForCaller(
  db: Queryable,
  principal: Principal | undefined,
  consultationId: string,
  options: { lock?: boolean; participantOnly?: boolean } = {},
): Promise<ConsultationAccess> {
  const consultation = await findConsultation(db, consultationId, { lock: options.lock });
  if (!consultation) throw notFound('Consultation');
  if (isAdmin(principal) && !options.participantOnly) return { consultation, isAdmin: true };
  const practitionerId = await practitionerIdOf(db, principal);
  const participant = practitionerId ? await findActiveParticipant(db, consultationId, practitionerId) : undefined;
  if (!participant) {
    await writeAudit(db, {
      principal,
      action: 'consultation.access_denied',
      recordType: 'consultation',
      recordId: consultationId,
      patientId: consultation.patient_id,
      outcome: 'denied',
    });
    throw notFound('Consultation');
  }
  return { consultation, participant, isAdmin: false };
}
