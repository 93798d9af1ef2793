import type { SendResult } from '../../channels/types';
import { postToProvider } from '../../outbox/post-to-provider';
import { classifyAfricasTalkingResult } from './classify-send-result';

export interface AfricasTalkingSendConfig {
  /** Unset means the live API origin. */
  apiBase?: string;
  username?: string;
  apiKey?: string;
  timeoutMs: number;
}

export interface AfricasTalkingSms {
  to: string;
  message: string;
  from?: string;
}

/**
 * POST /version1/messaging (form body, `apiKey` header). We call it with fetch because the africastalking SDK
 * fixes its origin in a module global. Africa's Talking has no idempotency header; we send `Idempotency-Key`
 * anyway (ignored by AT, honoured by the simulator) and keep the crash window small by recording the id first.
 */
export async function sendAfricasTalkingSms(
  config: AfricasTalkingSendConfig,
  sms: AfricasTalkingSms,
  options: { idempotencyKey: string },
): Promise<SendResult> {
  if (!config.username || !config.apiKey)
    return { outcome: 'permanent', reason: "africa's talking credentials missing (AT_USERNAME, AT_API_KEY)" };
  const form = new URLSearchParams({ username: config.username, to: sms.to, message: sms.message });
  if (sms.from) form.set('from', sms.from);
  const base =
    config.apiBase ??
    (config.username === 'sandbox' ? 'https://api.sandbox.africastalking.com' : 'https://api.africastalking.com');
  const result = await postToProvider({
    url: `${base}/version1/messaging`,
    headers: {
      apiKey: config.apiKey,
      accept: 'application/json',
      'content-type': 'application/x-www-form-urlencoded',
      'idempotency-key': options.idempotencyKey,
    },
    body: form.toString(),
    timeoutMs: config.timeoutMs,
  });
  return classifyAfricasTalkingResult(result);
}
