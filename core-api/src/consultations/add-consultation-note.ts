import { randomUUID } from 'node:crypto';
import { encryptField } from '@medlink/platform/encryption';
import type { CoreApiDeps } from '../deps';
import { writeAudit } from '../shared/audit';
import { notFound } from '../shared/errors';
import type { Principal } from '../shared/principal';
import { insertNote } from './consultation-notes.repository';
import { findActiveParticipantIds } from './consultations.repository';
import { publishConsultationEvent } from './consultation-events';
import { noteContext } from './get-consultation-timeline';
import { loadConsultationForCaller } from './load-consultation-for-caller';

/** A private note: encrypted at rest, bound to its own id, shown only to participants in the back office. */
export async function addConsultationNote(
  deps: CoreApiDeps,
  principal: Principal | undefined,
  input: { consultationId: string; text: string },
) {
  const { consultation, participant } = await loadConsultationForCaller(deps.db, principal, input.consultationId, {
    participantOnly: true,
  });
  if (!participant) throw notFound('Consultation');
  const id = randomUUID();
  const { createdAt, participantIds } = await deps.db.transaction(async (tx) => {
    const createdAt = await insertNote(tx, {
      id,
      consultationId: consultation.id,
      authorPractitionerId: participant.practitioner_id,
      ciphertext: encryptField(deps.secrets.dataKey, input.text, noteContext(id)),
    });
    await writeAudit(tx, {
      principal,
      action: 'consultation.note_added',
      recordType: 'consultation_note',
      recordId: id,
      patientId: consultation.patient_id,
    });
    return { createdAt, participantIds: await findActiveParticipantIds(tx, consultation.id) };
  });
  // The event says a note exists; its text is fetched with the timeline, by a participant.
  publishConsultationEvent(deps, {
    type: 'consultation.updated',
    consultationId: consultation.id,
    practitionerIds: participantIds,
    payload: { consultationId: consultation.id, change: 'note_added', noteId: id },
  });
  return {
    id,
    consultationId: consultation.id,
    authorPractitionerId: participant.practitioner_id,
    text: input.text,
    createdAt: createdAt.toISOString(),
  };
}
