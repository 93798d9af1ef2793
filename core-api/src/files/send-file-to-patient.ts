import { randomUUID } from 'node:crypto';
import type { CoreApiDeps } from '../deps';
import { writeAudit } from '../shared/audit';
import { AppError, notFound } from '../shared/errors';
import type { Principal } from '../shared/principal';
import {
  findActiveParticipantIds,
  findConsultation,
  insertActivity,
  touchConsultation,
} from '../consultations/consultations.repository';
import {
  activityActorOf,
  publishConsultationEvent,
  toConsultationSummaryDto,
} from '../consultations/consultation-events';
import { loadConsultationForCaller } from '../consultations/load-consultation-for-caller';
import { channelSchema, replyChannelFor } from '../messages/message-channels';
import { findPatientForMessaging } from '../messages/messages.repository';
import { queueOutboundMessage } from '../messages/queue-outbound-message';
import { toMessageDto } from '../messages/to-message-dto';
import { fileLinkFor } from './file-links';
import { findFile } from './files.repository';
import type { FileDeps } from './upload-consultation-file';

const TEXT = {
  fr: (name: string, hours: number, url: string) =>
    `Votre médecin vous a envoyé un document : ${name}. Ouvrez ce lien dans les ${hours} h : ${url}`,
  en: (name: string, hours: number, url: string) =>
    `Your doctor sent you a document: ${name}. Open this link within ${hours} h: ${url}`,
};

/** Queues a message with a patient-audience link, in the patient's language, on their consultation channel. */
export async function sendFileToPatient(
  deps: FileDeps,
  principal: Principal | undefined,
  input: { fileId: string; idempotencyKey?: string },
) {
  const file = await findFile(deps.db, input.fileId);
  if (!file) throw notFound('File');
  const { participant } = await loadConsultationForCaller(deps.db, principal, file.consultation_id, {
    participantOnly: true,
  });
  if (!participant) throw notFound('File');
  const result = await deps.db.transaction(async (tx) => {
    const consultation = await findConsultation(tx, file.consultation_id, { lock: true });
    if (!consultation) throw notFound('File');
    if (consultation.status === 'resolved')
      throw new AppError({ code: 'invalid_state', detail: 'The consultation is resolved; reopen it before sending' });
    const patient = await findPatientForMessaging(tx, consultation.patient_id);
    if (!patient) throw notFound('File');
    const link = fileLinkFor(deps, file, {
      audience: 'patient',
      subject: patient.id,
      ttlSeconds: deps.env.FILE_PATIENT_LINK_TTL_S,
    });
    const url = `${publicBaseUrl(deps)}${link.url}`;
    const hours = Math.max(1, Math.round(deps.env.FILE_PATIENT_LINK_TTL_S / 3600));
    const queued = await queueOutboundMessage(tx, {
      patient,
      channel: replyChannelFor(channelSchema.parse(consultation.channel)),
      consultationId: consultation.id,
      text: TEXT[patient.preferred_language](file.file_name, hours, url),
      content: { fileId: file.id, link: { url, expiresAt: link.expiresAt } },
      authorPractitionerId: participant.practitioner_id,
      idempotencyKey: `file-send:${file.id}:${input.idempotencyKey ?? randomUUID()}`,
      lastPatientMessageAt: consultation.last_patient_message_at,
      solicited: consultation.last_patient_message_at !== null,
      now: deps.clock(),
    });
    if (queued.created) {
      await touchConsultation(tx, consultation.id);
      await insertActivity(tx, {
        consultationId: consultation.id,
        kind: 'file_sent',
        ...activityActorOf(principal),
        practitionerId: participant.practitioner_id,
        details: { fileId: file.id, messageId: queued.row.id },
      });
      await writeAudit(tx, {
        principal,
        action: 'file.send_to_patient',
        recordType: 'consultation_file',
        recordId: file.id,
        patientId: patient.id,
        details: { messageId: queued.row.id },
      });
    }
    return { ...queued, consultation, participantIds: await findActiveParticipantIds(tx, consultation.id) };
  });
  const message = toMessageDto(result.row);
  if (result.created) {
    publishConsultationEvent(deps, {
      type: 'consultation.message',
      consultationId: result.consultation.id,
      practitionerIds: result.participantIds,
      payload: { consultation: toConsultationSummaryDto(result.consultation), message },
    });
  }
  return { message, limits: result.limits, replayed: !result.created };
}

function publicBaseUrl(deps: CoreApiDeps): string {
  return (deps.env.PUBLIC_API_BASE_URL ?? `http://localhost:${deps.env.API_PORT}`).replace(/\/$/, '');
}
