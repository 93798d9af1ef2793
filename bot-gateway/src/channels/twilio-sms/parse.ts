// https://www.twilio.com/docs/messaging/guides/webhook-request
// https://www.twilio.com/docs/messaging/guides/track-outbound-message-status
import { parseInput, toE164, WebhookInputError } from '../parse-input';
import { parseTwilioMedia, twilioInboundSchema, twilioStatusSchema } from '../../providers/twilio/parse-twilio-inbound';
import type { InboundMessage, InboundStatus } from '../types';
import { toTwilioSmsStatus } from './status';

export function parseTwilioSmsMessage(form: Record<string, string>, now: Date): InboundMessage[] {
  const fields = parseInput(twilioInboundSchema, form);
  const contactAddress = toE164(fields.From);
  if (!contactAddress) throw new WebhookInputError(`invalid From: not a phone number`);
  const media = parseTwilioMedia(form, fields.NumMedia);
  return [
    {
      kind: 'message',
      channel: 'twilio-sms',
      contactAddress,
      providerMessageId: fields.MessageSid,
      text: fields.Body,
      ...(media ? { media } : {}),
      receivedAt: now,
    },
  ];
}

export function parseTwilioSmsStatus(form: Record<string, string>, now: Date): InboundStatus[] {
  const fields = parseInput(twilioStatusSchema, form);
  const reason = [fields.ErrorCode, fields.ErrorMessage].filter(Boolean).join(' ');
  return [
    {
      kind: 'status',
      channel: 'twilio-sms',
      providerMessageId: fields.MessageSid,
      status: toTwilioSmsStatus(fields.MessageStatus),
      providerStatus: fields.MessageStatus,
      ...(reason ? { reason } : {}),
      at: now,
    },
  ];
}
