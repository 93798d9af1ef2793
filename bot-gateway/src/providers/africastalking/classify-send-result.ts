import { z } from 'zod';
import type { SendResult } from '../../channels/types';
import { parseJsonSafely, type ProviderHttpResult } from '../../outbox/post-to-provider';

const responseSchema = z.object({
  SMSMessageData: z.object({
    Message: z.string().optional(),
    Recipients: z.array(
      z.object({
        statusCode: z.coerce.number(),
        status: z.string(),
        messageId: z.string().optional(),
        number: z.string().optional(),
      }),
    ),
  }),
});

/**
 * Africa's Talking per-recipient status codes (https://developers.africastalking.com/docs/sms/sending/bulk):
 * 100 Processed, 101 Sent, 102 Queued are acceptances. 405 InsufficientBalance and 5xx gateway errors clear up
 * on their own or after a top-up; the rest describe the number or the sender and will not change on retry.
 */
const RETRYABLE_CODES = new Set([405, 500, 501, 502]);
const ACCEPTED_CODES = new Set([100, 101, 102]);

export function classifyAfricasTalkingResult(result: ProviderHttpResult): SendResult {
  if (result.kind === 'network') return { outcome: 'retryable', reason: `africastalking ${result.reason}` };
  const detail = `africastalking HTTP ${result.status}`;
  if (result.status === 429) return { outcome: 'throttled', reason: detail, retryAfterMs: result.retryAfterMs };
  if (result.status >= 500) return { outcome: 'retryable', reason: detail };
  if (result.status >= 400 || result.status < 200)
    return { outcome: 'permanent', reason: `${detail}: ${result.text.slice(0, 120)}` };
  const parsed = responseSchema.safeParse(parseJsonSafely(result.text));
  if (!parsed.success) return { outcome: 'permanent', reason: `${detail}: unreadable response` };
  const recipient = parsed.data.SMSMessageData.Recipients[0];
  if (!recipient)
    return {
      outcome: 'permanent',
      reason: `africastalking: no recipient accepted (${parsed.data.SMSMessageData.Message ?? 'no message'})`,
    };
  if (ACCEPTED_CODES.has(recipient.statusCode) && recipient.messageId)
    return { outcome: 'accepted', providerMessageId: recipient.messageId };
  const reason = `africastalking status ${recipient.statusCode} ${recipient.status}`;
  return RETRYABLE_CODES.has(recipient.statusCode)
    ? { outcome: 'retryable', reason }
    : { outcome: 'permanent', reason };
}
