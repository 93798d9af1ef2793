// https://developers.africastalking.com/docs/sms/notifications (incoming messages, delivery reports)
import { z } from 'zod';
import { parseInput, toE164, WebhookInputError } from '../parse-input';
import type { InboundMessage, InboundStatus } from '../types';
import { toAfricasTalkingSmsStatus } from './status';

const inboundSchema = z.object({
  from: z.string().min(1),
  to: z.string().min(1),
  text: z.string().default(''),
  id: z.string().min(1),
  date: z.string().optional(),
  linkId: z.string().optional(),
});

const deliverySchema = z.object({
  id: z.string().min(1),
  status: z.string().min(1),
  failureReason: z.string().optional(),
});

export function parseAfricasTalkingSms(form: Record<string, string>, now: Date): InboundMessage[] {
  const fields = parseInput(inboundSchema, form);
  const contactAddress = toE164(fields.from);
  if (!contactAddress) throw new WebhookInputError('invalid from: not a phone number');
  const sentAt = fields.date
    ? new Date(fields.date.includes('T') ? fields.date : `${fields.date.replace(' ', 'T')}Z`)
    : undefined;
  return [
    {
      kind: 'message',
      channel: 'africastalking-sms',
      contactAddress,
      providerMessageId: fields.id,
      text: fields.text,
      receivedAt: sentAt && !Number.isNaN(sentAt.getTime()) ? sentAt : now,
    },
  ];
}

export function parseAfricasTalkingDelivery(form: Record<string, string>, now: Date): InboundStatus[] {
  const fields = parseInput(deliverySchema, form);
  return [
    {
      kind: 'status',
      channel: 'africastalking-sms',
      providerMessageId: fields.id,
      status: toAfricasTalkingSmsStatus(fields.status),
      providerStatus: fields.status,
      ...(fields.failureReason ? { reason: fields.failureReason } : {}),
      at: now,
    },
  ];
}
