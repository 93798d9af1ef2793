import { z } from 'zod';
import type { MessageRow, StatusEventRow } from './messages.repository';

export const statusEventSchema = z.object({
  status: z.string(),
  reason: z.string().nullable(),
  providerStatus: z.string().nullable(),
  at: z.string(),
});

export const messageDtoSchema = z
  .object({
    id: z.string(),
    direction: z.enum(['in', 'out']),
    channel: z.string(),
    /** Only in the support log: the phone number or WhatsApp id. */
    contactAddress: z.string().optional(),
    patientId: z.string().nullable(),
    consultationId: z.string().nullable(),
    authorPractitionerId: z.string().nullable(),
    providerMessageId: z.string().nullable(),
    body: z.string().nullable(),
    content: z.record(z.string(), z.unknown()),
    segments: z.number().nullable(),
    encoding: z.string().nullable(),
    status: z.string(),
    statusReason: z.string().nullable(),
    attempts: z.number(),
    createdAt: z.string(),
    updatedAt: z.string(),
    history: z.array(statusEventSchema),
  })
  .meta({ id: 'Message' });
export type MessageDto = z.infer<typeof messageDtoSchema>;

export function toMessageDto(
  row: MessageRow,
  events: StatusEventRow[] = [],
  options: { includeContact?: boolean } = {},
): MessageDto {
  return {
    id: row.id,
    direction: row.direction,
    channel: row.channel,
    ...(options.includeContact ? { contactAddress: row.contact_address } : {}),
    patientId: row.patient_id,
    consultationId: row.consultation_id,
    authorPractitionerId: row.author_practitioner_id,
    providerMessageId: row.provider_message_id,
    body: row.body,
    content: row.content,
    segments: row.segments,
    encoding: row.encoding,
    status: row.status,
    statusReason: row.status_reason,
    attempts: row.attempts,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    history: events.map((event) => ({
      status: event.status,
      reason: event.reason,
      providerStatus: event.provider_status,
      at: event.at.toISOString(),
    })),
  };
}
