import type { CoreApiDeps } from '../deps';
import { writeAudit } from '../shared/audit';
import { AppError } from '../shared/errors';
import type { Principal } from '../shared/principal';
import { publishConsultationEvent } from '../consultations/consultation-events';
import { findActiveParticipantIds } from '../consultations/consultations.repository';
import { findMessageById, requeueDeadMessage } from './messages.repository';
import { toMessageDto } from './to-message-dto';

/** Support puts a dead-lettered outbound message back in the outbox. */
export async function retryDeadMessage(deps: CoreApiDeps, principal: Principal | undefined, messageId: string) {
  const result = await deps.db.transaction(async (tx) => {
    const row = await requeueDeadMessage(tx, messageId);
    if (!row) {
      const existing = await findMessageById(tx, messageId);
      if (!existing) throw new AppError({ code: 'not_found', detail: 'Message not found' });
      throw new AppError({
        code: 'invalid_state',
        detail: `Only a dead outbound message can be retried; this one is ${existing.direction} and ${existing.status}`,
      });
    }
    await writeAudit(tx, {
      principal,
      action: 'message.retry',
      recordType: 'message',
      recordId: row.id,
      patientId: row.patient_id,
    });
    return { row, participantIds: row.consultation_id ? await findActiveParticipantIds(tx, row.consultation_id) : [] };
  });
  const message = toMessageDto(result.row);
  if (result.row.consultation_id) {
    publishConsultationEvent(deps, {
      type: 'message.status',
      consultationId: result.row.consultation_id,
      practitionerIds: result.participantIds,
      payload: { messageId: message.id, status: message.status, consultationId: result.row.consultation_id },
    });
  }
  return message;
}
