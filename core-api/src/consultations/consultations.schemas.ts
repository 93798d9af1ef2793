import { z } from 'zod';
import { channelLimitsSchema, channelSchema } from '../messages/message-channels';
import { messageDtoSchema } from '../messages/to-message-dto';

export const consultationIdParams = z.object({ id: z.uuid() });

const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max);

export const openConsultationBody = z
  .object({
    patientId: z.uuid(),
    channel: channelSchema,
    subject: z.string().trim().max(200).optional(),
    specialty: z.string().trim().min(1).max(60).optional(),
    triageRecordId: z.uuid().optional(),
    appointmentId: z.uuid().optional(),
    text: text(4096).optional(),
    /** The inbound `messages` row the gateway already stored for this text. */
    messageId: z.uuid().optional(),
  })
  .strict();

export const inboxQuery = z.object({
  waitingForMe: z
    .enum(['true', 'false'])
    .transform((value) => value === 'true')
    .optional(),
  level: z.enum(['emergency', 'urgent', 'routine', 'self_care']).optional(),
  channel: channelSchema.optional(),
  status: z.enum(['pending', 'open', 'snoozed', 'resolved']).optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(30),
});

export const replyBody = z.object({ text: text(1600) }).strict();
export const practitionerBody = z.object({ practitionerId: z.uuid() }).strict();
export const statusBody = z.object({ status: z.enum(['open', 'snoozed', 'resolved']) }).strict();
export const noteBody = z.object({ text: text(8000) }).strict();

/** Client-chosen, printable ASCII: a retried request with the same key queues nothing new. */
export const idempotencyKeySchema = z
  .string()
  .regex(/^[\x21-\x7e]{8,200}$/, 'must be 8 to 200 printable ASCII characters');

export const consultationSummarySchema = z
  .object({
    id: z.string(),
    patientId: z.string(),
    status: z.string(),
    channel: z.string(),
    subject: z.string().nullable(),
    specialty: z.string().nullable(),
    triageRecordId: z.string().nullable(),
    appointmentId: z.string().nullable(),
    ownerPractitionerId: z.string().nullable(),
    lastActivityAt: z.string(),
    lastPatientMessageAt: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'ConsultationSummary' });

export const openConsultationResponse = z.object({
  consultation: consultationSummarySchema,
  created: z.boolean(),
  message: messageDtoSchema.nullable(),
});

export const inboxItemSchema = z
  .object({
    id: z.string(),
    patient: z.object({ id: z.string(), displayName: z.string().nullable() }),
    status: z.string(),
    channel: z.string(),
    subject: z.string().nullable(),
    specialty: z.string().nullable(),
    triageLevel: z.string().nullable(),
    lastActivityAt: z.string(),
    unreadCount: z.number().int(),
    lastMessage: z.object({ direction: z.string(), preview: z.string().nullable(), at: z.string() }).nullable(),
    myRole: z.enum(['owner', 'invited']).nullable(),
    ownerPractitionerId: z.string().nullable(),
  })
  .meta({ id: 'InboxItem' });

export const inboxPage = z.object({ items: z.array(inboxItemSchema), nextCursor: z.string().nullable() });

export const replyResponse = z.object({
  message: messageDtoSchema,
  limits: channelLimitsSchema,
  replayed: z.boolean(),
});

export const timelineEntrySchema = z
  .object({
    kind: z.enum(['triage', 'message', 'appointment', 'file', 'note', 'activity']),
    at: z.string(),
    id: z.string(),
    data: z.record(z.string(), z.unknown()),
  })
  .meta({ id: 'TimelineEntry' });

export const timelineResponse = z.object({
  consultation: consultationSummarySchema,
  patient: z.object({
    id: z.string(),
    displayName: z.string().nullable(),
    preferredLanguage: z.string(),
    birthYear: z.number().nullable(),
    sex: z.string().nullable(),
    optedOut: z.boolean(),
  }),
  participants: z.array(
    z.object({
      practitionerId: z.string(),
      fullName: z.string(),
      role: z.string(),
      joinedAt: z.string(),
      leftAt: z.string().nullable(),
    }),
  ),
  replyLimits: channelLimitsSchema,
  entries: z.array(timelineEntrySchema),
});

export const noteResponse = z.object({
  id: z.string(),
  consultationId: z.string(),
  authorPractitionerId: z.string(),
  text: z.string(),
  createdAt: z.string(),
});
export const readResponse = z.object({ consultationId: z.string(), lastReadAt: z.string(), unreadCount: z.number() });
export const participantsResponse = z.object({
  consultation: consultationSummarySchema,
  participants: z.array(z.object({ practitionerId: z.string(), fullName: z.string(), role: z.string() })),
});
