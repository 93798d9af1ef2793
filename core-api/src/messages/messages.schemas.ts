import { z } from 'zod';
import { channelLimitsSchema, channelSchema } from './message-channels';
import { messageDtoSchema } from './to-message-dto';

export const messageLogQuery = z.object({
  contact: z.string().trim().min(3).max(64).optional(),
  channel: channelSchema.optional(),
  since: z.iso
    .datetime({ offset: true })
    .transform((value) => new Date(value))
    .optional(),
  direction: z.enum(['in', 'out']).optional(),
  status: z.enum(['received', 'queued', 'sending', 'sent', 'delivered', 'read', 'failed', 'dead']).optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const deadLetterQuery = z.object({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const messageIdParams = z.object({ id: z.uuid() });

export const outboundBody = z
  .object({
    patientId: z.uuid(),
    channel: channelSchema.optional(),
    text: z.string().trim().min(1).max(1600),
    content: z.record(z.string(), z.unknown()).optional(),
    idempotencyKey: z.string().regex(/^[\x21-\x7e]{8,200}$/, 'must be 8 to 200 printable ASCII characters'),
    /** True when the patient asked for this message (an answer to their request): allowed after an opt-out. */
    solicited: z.boolean().default(false),
  })
  .strict();

export const messagePage = z.object({ items: z.array(messageDtoSchema), nextCursor: z.string().nullable() });
export const outboundResponse = z.object({
  message: messageDtoSchema,
  limits: channelLimitsSchema,
  replayed: z.boolean(),
});
