import { z } from 'zod';

export const inboxItemSchema = z.object({
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
});
export type InboxItem = z.infer<typeof inboxItemSchema>;

export const inboxPageSchema = z.object({ items: z.array(inboxItemSchema), nextCursor: z.string().nullable() });

export const TRIAGE_LEVELS = ['emergency', 'urgent', 'routine', 'self_care'] as const;
export const CHANNELS = [
  'africastalking-ussd',
  'africastalking-sms',
  'twilio-sms',
  'twilio-whatsapp',
  'meta-whatsapp',
] as const;
