// https://developers.africastalking.com/docs/ussd/handle_sessions
import { z } from 'zod';
import { parseInput, toE164, WebhookInputError } from '../parse-input';
import type { InboundMessage } from '../types';

/** No handset sends U+0000, and PostgreSQL cannot store it (the hop log, a session id looked up there). */
const field = () => z.string().refine((value) => !value.includes('\u0000'), 'contains a NUL character');

const hopSchema = z.object({
  sessionId: field().min(1).max(200),
  serviceCode: field().min(1),
  phoneNumber: field().min(1),
  networkCode: field().optional(),
  text: field().max(2000).default(''),
});

/** A hop's provider id: its session and how many inputs it holds, so a repeated hop has the same id. */
export const ussdHopId = (sessionId: string, inputCount: number): string => `${sessionId}:${inputCount}`;

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
    providerMessageId: ussdHopId(fields.sessionId, inputs.length),
    text: inputs.at(-1) ?? '',
    receivedAt: now,
    ussd: { sessionId: fields.sessionId, serviceCode: fields.serviceCode, inputs },
  };
}
