import { z } from 'zod';
import { WHATSAPP_WINDOW_MS, canReplyFreely } from './can-reply-freely';
import { countSmsSegments } from './sms-segments';

/** The channel ids of bot-gateway/src/channels (same strings in the database, metrics and logs). */
export const CHANNEL_IDS = [
  'africastalking-ussd',
  'africastalking-sms',
  'twilio-sms',
  'twilio-whatsapp',
  'meta-whatsapp',
] as const;
export const channelSchema = z.enum(CHANNEL_IDS);
export type ChannelId = z.infer<typeof channelSchema>;

export const isWhatsAppChannel = (channel: string) => channel.endsWith('-whatsapp');
export const isSmsChannel = (channel: string) => channel.endsWith('-sms');

/** Which patient_identities kind reaches a patient on a channel. */
export function identityKindOf(channel: ChannelId): 'phone' | 'whatsapp' {
  return isWhatsAppChannel(channel) ? 'whatsapp' : 'phone';
}

/** USSD cannot be pushed to (the patient's session is long gone): replies to a USSD patient go by SMS. */
export function replyChannelFor(channel: ChannelId): ChannelId {
  return channel === 'africastalking-ussd' ? 'africastalking-sms' : channel;
}

export interface ChannelLimits {
  channel: ChannelId;
  sms?: { encoding: 'gsm7' | 'ucs2'; segments: number; units: number; perSegment: number };
  whatsapp?: { windowOpen: boolean; windowClosesAt: string | null };
}

export function channelLimitsFor(
  channel: ChannelId,
  text: string,
  lastPatientMessageAt: Date | null,
  now: Date,
): ChannelLimits {
  if (isSmsChannel(channel)) return { channel, sms: countSmsSegments(text) };
  if (isWhatsAppChannel(channel)) {
    return {
      channel,
      whatsapp: {
        windowOpen: canReplyFreely(lastPatientMessageAt, now),
        windowClosesAt: lastPatientMessageAt
          ? new Date(lastPatientMessageAt.getTime() + WHATSAPP_WINDOW_MS).toISOString()
          : null,
      },
    };
  }
  return { channel };
}

export const channelLimitsSchema = z.object({
  channel: channelSchema,
  sms: z
    .object({
      encoding: z.enum(['gsm7', 'ucs2']),
      segments: z.number().int(),
      units: z.number().int(),
      perSegment: z.number().int(),
    })
    .optional(),
  whatsapp: z.object({ windowOpen: z.boolean(), windowClosesAt: z.string().nullable() }).optional(),
});
