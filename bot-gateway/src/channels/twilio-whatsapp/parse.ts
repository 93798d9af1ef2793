// https://www.twilio.com/docs/messaging/guides/webhook-request (WhatsApp: ButtonPayload, ListId, Latitude/Longitude)
// https://www.twilio.com/docs/whatsapp/api#receiving-messages
import { parseInput, WebhookInputError } from '../parse-input';
import {
  parseTwilioLocation,
  parseTwilioMedia,
  twilioInboundSchema,
  twilioStatusSchema,
} from '../../providers/twilio/parse-twilio-inbound';
import type { InboundMessage, InboundStatus } from '../types';
import { toTwilioWhatsappStatus } from './status';

export function parseTwilioWhatsappMessage(form: Record<string, string>, now: Date): InboundMessage[] {
  const fields = parseInput(twilioInboundSchema, form);
  const contactAddress = toWhatsappId(fields.From);
  if (!contactAddress) throw new WebhookInputError('invalid From: not a whatsapp: address');
  const media = parseTwilioMedia(form, fields.NumMedia);
  const location = parseTwilioLocation(form);
  // A quick-reply tap carries ButtonPayload (our choice id), a list-picker pick carries ListId.
  const replyId = form.ButtonPayload || form.ListId || undefined;
  return [
    {
      kind: 'message',
      channel: 'twilio-whatsapp',
      contactAddress,
      providerMessageId: fields.MessageSid,
      text: fields.Body,
      ...(media ? { media } : {}),
      ...(location ? { location } : {}),
      ...(replyId ? { replyId } : {}),
      receivedAt: now,
    },
  ];
}

export function parseTwilioWhatsappStatus(form: Record<string, string>, now: Date): InboundStatus[] {
  const fields = parseInput(twilioStatusSchema, form);
  const reason = [fields.ErrorCode, fields.ErrorMessage].filter(Boolean).join(' ');
  return [
    {
      kind: 'status',
      channel: 'twilio-whatsapp',
      providerMessageId: fields.MessageSid,
      status: toTwilioWhatsappStatus(fields.MessageStatus),
      providerStatus: fields.MessageStatus,
      ...(reason ? { reason } : {}),
      at: now,
    },
  ];
}

/** "whatsapp:+2250700000001" → "2250700000001": the same id Meta's Cloud API uses. */
export function toWhatsappId(address: string): string | undefined {
  return /^whatsapp:\+?(\d{6,15})$/.exec(address.trim())?.[1];
}
