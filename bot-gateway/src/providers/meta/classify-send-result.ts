import { z } from 'zod';
import type { SendResult } from '../../channels/types';
import { parseJsonSafely, type ProviderHttpResult } from '../../outbox/post-to-provider';

const errorSchema = z.object({
  error: z.object({ code: z.number(), message: z.string().optional(), error_subcode: z.number().optional() }),
});
const acceptedSchema = z.object({ messages: z.array(z.object({ id: z.string().min(1) })).min(1) });

/**
 * WhatsApp Cloud API error codes (https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes):
 * 4, 80007, 130429, 131048, 131056 are rate limits; 1, 2, 131000, 131016, 133004 are transient service errors;
 * everything else (131047 re-engagement window, 131026 undeliverable, 190 token, 100 bad parameter) is permanent.
 */
const THROTTLING_CODES = new Set([4, 80007, 130429, 131048, 131056]);
const TRANSIENT_CODES = new Set([1, 2, 131000, 131016, 133004]);

export function classifyMetaResult(result: ProviderHttpResult): SendResult {
  if (result.kind === 'network') return { outcome: 'retryable', reason: `meta ${result.reason}` };
  const body = parseJsonSafely(result.text);
  const error = errorSchema.safeParse(body);
  if (error.success) {
    const { code, message } = error.data.error;
    const reason = `meta HTTP ${result.status} code ${code}${message ? `: ${message}` : ''}`;
    if (THROTTLING_CODES.has(code) || result.status === 429)
      return { outcome: 'throttled', reason, retryAfterMs: result.retryAfterMs };
    if (TRANSIENT_CODES.has(code) || result.status >= 500) return { outcome: 'retryable', reason };
    return { outcome: 'permanent', reason };
  }
  const detail = `meta HTTP ${result.status}`;
  if (result.status === 429) return { outcome: 'throttled', reason: detail, retryAfterMs: result.retryAfterMs };
  if (result.status >= 500) return { outcome: 'retryable', reason: detail };
  if (result.status >= 400 || result.status < 200) return { outcome: 'permanent', reason: detail };
  const accepted = acceptedSchema.safeParse(body);
  if (!accepted.success) return { outcome: 'permanent', reason: `${detail}: response without messages[0].id` };
  const [first] = accepted.data.messages;
  return first ? { outcome: 'accepted', providerMessageId: first.id } : { outcome: 'permanent', reason: detail };
}
