import type { z } from 'zod';
import type { CoreApiDeps } from '../deps';
import { writeAudit } from '../shared/audit';
import { AppError } from '../shared/errors';
import type { Principal } from '../shared/principal';
import { channelSchema } from './message-channels';
import { findLastInboundAt, findLatestInboundChannel, findPatientForMessaging } from './messages.repository';
import type { outboundBody } from './messages.schemas';
import { queueOutboundMessage } from './queue-outbound-message';
import { toMessageDto } from './to-message-dto';

/**
 * The gateway's (reminders, flows) way to queue a message to a patient. Without a channel, the one the
 * patient last wrote from. Opted-out patients get only `solicited` messages.
 */
export async function queueMessageForPatient(
  deps: CoreApiDeps,
  principal: Principal | undefined,
  input: z.infer<typeof outboundBody>,
) {
  const result = await deps.db.transaction(async (tx) => {
    const patient = await findPatientForMessaging(tx, input.patientId);
    if (!patient)
      throw new AppError({
        code: 'validation_failed',
        detail: 'The request body is invalid',
        errors: [{ path: 'body.patientId', message: 'no such patient' }],
      });
    const channel =
      input.channel ??
      channelSchema
        .optional()
        .catch(undefined)
        .parse(await findLatestInboundChannel(tx, patient.id));
    if (!channel) {
      throw new AppError({
        code: 'validation_failed',
        detail: 'The request body is invalid',
        errors: [{ path: 'body.channel', message: 'required: the patient has not written from any channel yet' }],
      });
    }
    const queued = await queueOutboundMessage(tx, {
      patient,
      channel,
      consultationId: null,
      text: input.text,
      content: input.content,
      authorPractitionerId: null,
      idempotencyKey: `gateway:${input.idempotencyKey}`,
      lastPatientMessageAt: await findLastInboundAt(tx, patient.id, channel),
      solicited: input.solicited,
      now: deps.clock(),
    });
    if (queued.created) {
      await writeAudit(tx, {
        principal,
        action: 'message.queue',
        recordType: 'message',
        recordId: queued.row.id,
        patientId: patient.id,
        details: { channel },
      });
    }
    return queued;
  });
  return { message: toMessageDto(result.row), limits: result.limits, replayed: !result.created };
}
