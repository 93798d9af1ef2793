import { randomUUID } from 'node:crypto';
import type { CoreApiDeps } from '../deps';
import { writeAudit } from '../shared/audit';
import { AppError, notFound } from '../shared/errors';
import type { Principal } from '../shared/principal';
import { channelSchema, replyChannelFor } from '../messages/message-channels';
import { findPatientForMessaging } from '../messages/messages.repository';
import { queueOutboundMessage } from '../messages/queue-outbound-message';
import { toMessageDto } from '../messages/to-message-dto';
import { findActiveParticipantIds, findConsultation, touchConsultation } from './consultations.repository';
import { publishConsultationEvent, toConsultationSummaryDto } from './consultation-events';
import { loadConsultationForCaller } from './load-consultation-for-caller';

/**
 * A practitioner's reply: one outbox row (the gateway's workers send it) and the consultation's activity
 * time, in one transaction. The same Idempotency-Key twice queues one message.
 * Opt-out rule: a reply inside a live consultation the patient started is what they asked for, so it is
 * sent even after an opt-out; nothing is sent into a resolved consultation.
 */
export async function replyToConsultation(
  deps: CoreApiDeps,
  principal: Principal | undefined,
  input: { consultationId: string; text: string; idempotencyKey: string | undefined },
) {
  const { participant } = await loadConsultationForCaller(deps.db, principal, input.consultationId, {
    participantOnly: true,
  });
  if (!participant) throw notFound('Consultation');
  const key = `consultation-reply:${input.consultationId}:${input.idempotencyKey ?? randomUUID()}`;
  const result = await deps.db.transaction(async (tx) => {
    const consultation = await findConsultation(tx, input.consultationId, { lock: true });
    if (!consultation) throw notFound('Consultation');
    const patient = await findPatientForMessaging(tx, consultation.patient_id);
    if (!patient) throw notFound('Consultation');
    if (consultation.status === 'resolved') {
      throw new AppError({ code: 'invalid_state', detail: 'The consultation is resolved; reopen it before replying' });
    }
    const channel = replyChannelFor(channelSchema.parse(consultation.channel));
    const queued = await queueOutboundMessage(tx, {
      patient,
      channel,
      consultationId: consultation.id,
      text: input.text,
      authorPractitionerId: participant.practitioner_id,
      idempotencyKey: key,
      lastPatientMessageAt: consultation.last_patient_message_at,
      solicited: consultation.last_patient_message_at !== null,
      now: deps.clock(),
    });
    if (queued.created) {
      await touchConsultation(tx, consultation.id);
      await writeAudit(tx, {
        principal,
        action: 'consultation.reply',
        recordType: 'message',
        recordId: queued.row.id,
        patientId: patient.id,
        details: { consultationId: consultation.id, channel },
      });
    }
    const updated = await findConsultation(tx, consultation.id);
    return {
      ...queued,
      consultation: updated ?? consultation,
      participantIds: await findActiveParticipantIds(tx, consultation.id),
    };
  });
  const message = toMessageDto(result.row);
  if (result.created) {
    publishConsultationEvent(deps, {
      type: 'consultation.message',
      consultationId: input.consultationId,
      practitionerIds: result.participantIds,
      payload: { consultation: toConsultationSummaryDto(result.consultation), message },
    });
  }
  return { message, limits: result.limits, replayed: !result.created };
}
