import { z } from 'zod';
import type { SendResult } from '../../channels/types';
import { parseJsonSafely, type ProviderHttpResult } from '../../outbox/post-to-provider';

const twilioErrorSchema = z.object({ code: z.number().nullish(), message: z.string().nullish() });
const twilioResourceSchema = z.object({
  sid: z.string().min(1),
  status: z.string().nullish(),
  error_code: z.number().nullish(),
});

/** Twilio error codes that mean "slow down", whatever the HTTP status (https://www.twilio.com/docs/api/errors). */
const THROTTLING_CODES = new Set([20429, 14107, 63018, 30022]);

/**
 * One place that turns a Twilio REST answer into our vocabulary (STYLE.md §7): network, timeout and 5xx are
 * retryable; 429 and Twilio's throttling codes are throttled; any other 4xx or a failed resource is permanent.
 */
export function classifyTwilioResult(result: ProviderHttpResult): SendResult {
  if (result.kind === 'network') return { outcome: 'retryable', reason: `twilio ${result.reason}` };
  const error = twilioErrorSchema.safeParse(parseJsonSafely(result.text));
  const code = error.success ? (error.data.code ?? undefined) : undefined;
  const detail = `twilio HTTP ${result.status}${code ? ` code ${code}` : ''}${error.success && error.data.message ? `: ${error.data.message}` : ''}`;
  if (result.status === 429 || (code !== undefined && THROTTLING_CODES.has(code))) {
    return { outcome: 'throttled', reason: detail, retryAfterMs: result.retryAfterMs };
  }
  if (result.status >= 500) return { outcome: 'retryable', reason: detail };
  if (result.status >= 400 || result.status < 200) return { outcome: 'permanent', reason: detail };
  const resource = twilioResourceSchema.safeParse(parseJsonSafely(result.text));
  if (!resource.success)
    return { outcome: 'permanent', reason: `twilio HTTP ${result.status}: response without a sid` };
  if (resource.data.status === 'failed' || resource.data.status === 'undelivered') {
    return {
      outcome: 'permanent',
      reason: `twilio message ${resource.data.status}${resource.data.error_code ? ` code ${resource.data.error_code}` : ''}`,
    };
  }
  return { outcome: 'accepted', providerMessageId: resource.data.sid };
}
