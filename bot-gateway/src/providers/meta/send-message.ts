import type { SendResult } from '../../channels/types';
import { postToProvider } from '../../outbox/post-to-provider';
import { classifyMetaResult } from './classify-send-result';

export interface MetaSendConfig {
  /** Unset means https://graph.facebook.com. */
  graphBase?: string;
  version: string;
  phoneNumberId?: string;
  accessToken?: string;
  timeoutMs: number;
}

/** A Cloud API message body (https://developers.facebook.com/docs/whatsapp/cloud-api/reference/messages). */
export type MetaMessageBody = { messaging_product: 'whatsapp'; to: string; type: string } & Record<string, unknown>;

/**
 * POST /{version}/{phone-number-id}/messages with a Bearer token. The Cloud API documents no idempotency key;
 * we send `Idempotency-Key` (honoured by the simulator) and rely on recording the wamid before acknowledging.
 */
export async function sendMetaMessage(
  config: MetaSendConfig,
  body: MetaMessageBody,
  options: { idempotencyKey: string },
): Promise<SendResult> {
  if (!config.phoneNumberId || !config.accessToken)
    return { outcome: 'permanent', reason: 'meta credentials missing (META_PHONE_NUMBER_ID, META_ACCESS_TOKEN)' };
  const base = config.graphBase ?? 'https://graph.facebook.com';
  const result = await postToProvider({
    url: `${base}/${config.version}/${encodeURIComponent(config.phoneNumberId)}/messages`,
    headers: {
      authorization: `Bearer ${config.accessToken}`,
      'content-type': 'application/json',
      accept: 'application/json',
      'idempotency-key': options.idempotencyKey,
    },
    body: JSON.stringify(body),
    timeoutMs: config.timeoutMs,
  });
  return classifyMetaResult(result);
}
