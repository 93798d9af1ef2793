import type { Queryable } from '@medlink/platform/db';
import { AppError } from '../shared/errors';
import {
  channelLimitsFor,
  identityKindOf,
  isWhatsAppChannel,
  type ChannelId,
  type ChannelLimits,
} from './message-channels';
import {
  findIdentityAddress,
  insertOutboundMessage,
  type MessageRow,
  type PatientContactRow,
} from './messages.repository';

/** The approved template the gateway sends when WhatsApp's 24-hour window is closed (docs/security.md, "Messaging"). */
export const WINDOW_CLOSED_TEMPLATE = 'medlink_new_message';

export interface OutboundRequest {
  patient: PatientContactRow;
  channel: ChannelId;
  consultationId: string | null;
  text: string;
  content?: Record<string, unknown>;
  authorPractitionerId: string | null;
  idempotencyKey: string;
  lastPatientMessageAt: Date | null;
  /** True when the patient asked for this message (a reply in a consultation they started, a flow answer). */
  solicited: boolean;
  now: Date;
}

/**
 * Puts one message in the outbox, inside the caller's transaction; the gateway's workers send it.
 * Opted-out patients receive only what they asked for; erased patients receive nothing.
 */
export async function queueOutboundMessage(
  tx: Queryable,
  request: OutboundRequest,
): Promise<{ row: MessageRow; created: boolean; limits: ChannelLimits }> {
  assertMayMessagePatient(request.patient, request.solicited);
  const kind = identityKindOf(request.channel);
  const contactAddress = await findIdentityAddress(tx, request.patient.id, kind);
  if (!contactAddress) {
    throw new AppError({
      code: 'invalid_state',
      detail: `The patient has no ${kind} identity to reach on ${request.channel}`,
    });
  }
  const limits = channelLimitsFor(request.channel, request.text, request.lastPatientMessageAt, request.now);
  const content = { ...(request.content ?? {}) };
  if (isWhatsAppChannel(request.channel) && limits.whatsapp?.windowOpen === false) {
    content.template = { name: WINDOW_CLOSED_TEMPLATE, language: request.patient.preferred_language, parameters: [] };
  }
  const { row, created } = await insertOutboundMessage(tx, {
    patientId: request.patient.id,
    consultationId: request.consultationId,
    channel: request.channel,
    contactAddress,
    body: request.text,
    content,
    authorPractitionerId: request.authorPractitionerId,
    idempotencyKey: request.idempotencyKey,
    segments: limits.sms?.segments ?? null,
    encoding: limits.sms?.encoding ?? null,
  });
  if (!created && (row.patient_id !== request.patient.id || row.consultation_id !== request.consultationId)) {
    throw new AppError({ code: 'conflict', detail: 'This Idempotency-Key was already used for another message' });
  }
  return { row, created, limits };
}

export function assertMayMessagePatient(patient: PatientContactRow, solicited: boolean): void {
  if (patient.erased_at)
    throw new AppError({ code: 'invalid_state', detail: 'The patient asked for erasure; no message may be sent' });
  if (patient.opted_out_at && !solicited) {
    throw new AppError({
      code: 'invalid_state',
      detail: 'The patient opted out; only replies to what they asked for may be sent',
    });
  }
}
