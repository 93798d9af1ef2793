// https://developers.africastalking.com/docs/ussd/handle_sessions
import { z } from 'zod';
import { parseInput, toE164, WebhookInputError } from '../parse-input';
import type { InboundMessage } from '../types';

const hopSchema = z.object({
  sessionId: z.string().min(1).max(200),
  serviceCode: z.string().min(1),
  phoneNumber: z.string().min(1),
  networkCode: z.string().optional(),
  text: z.string().max(2000).default(''),
});

/**
 * Africa's Talking sends the whole input so far, `*`-joined ("1*2*98"); the hop is identified by
 * the session and how many inputs it holds, so a repeated hop has the same provider id.
 */
export function parseAfricasTalkingUssd(form: Record<string, string>, now: Date): InboundMessage {
  const fields = parseInput(hopSchema, form);
  const contactAddress = toE164(fields.phoneNumber);
  if (!contactAddress) throw new WebhookInputError('invalid phoneNumber: not a phone number');
  const inputs = fields.text === '' ? [] : fields.text.split('*');
  return {
    kind: 'message',
    channel: 'africastalking-ussd',
    contactAddress,
    providerMessageId: `${fields.sessionId}:${inputs.length}`,
    text: inputs.at(-1) ?? '',
    receivedAt: now,
    ussd: { sessionId: fields.sessionId, serviceCode: fields.serviceCode, inputs },
  };
}
