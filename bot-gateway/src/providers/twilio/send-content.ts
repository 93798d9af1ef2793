import { createHash } from 'node:crypto';
import type { SendResult } from '../../channels/types';
import { postToProvider } from '../../outbox/post-to-provider';
import { classifyTwilioResult } from './classify-send-result';
import { basicAuth, type TwilioSendConfig } from './send-message';

/** Twilio Content API types for WhatsApp choices (https://www.twilio.com/docs/content/content-types-overview). */
export type TwilioContentDefinition =
  | { type: 'twilio/quick-reply'; language: string; body: string; actions: { id: string; title: string }[] }
  | {
      type: 'twilio/list-picker';
      language: string;
      body: string;
      button: string;
      items: { id: string; item: string; description?: string }[];
    };

/**
 * Choices are dynamic (practitioners, slots), so a content resource is created the first time a structure is
 * seen and its sid reused afterwards. The hash keys both the cache and the creation's idempotency token, so two
 * workers racing on the same structure create it once.
 */
export async function ensureTwilioContent(
  config: TwilioSendConfig,
  definition: TwilioContentDefinition,
): Promise<string | SendResult> {
  const hash = createHash('sha256').update(JSON.stringify(definition)).digest('hex');
  const cached = config.contentSids.get(hash);
  if (cached) return cached;
  const pending = createContent(config, definition, hash);
  config.contentSids.set(hash, pending);
  const result = await pending;
  if (typeof result !== 'string') config.contentSids.delete(hash);
  return result;
}

async function createContent(
  config: TwilioSendConfig,
  definition: TwilioContentDefinition,
  hash: string,
): Promise<string | SendResult> {
  const { accountSid, authToken } = config;
  if (!accountSid || !authToken)
    return { outcome: 'permanent', reason: 'twilio credentials missing (TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN)' };
  const { type, language, ...fields } = definition;
  const result = await postToProvider({
    url: `${config.apiBase ?? 'https://content.twilio.com'}/v1/Content`,
    headers: {
      authorization: basicAuth(accountSid, authToken),
      'content-type': 'application/json',
      accept: 'application/json',
      'i-twilio-idempotency-token': `content-${hash}`,
    },
    body: JSON.stringify({ friendly_name: `medlink_${hash.slice(0, 24)}`, language, types: { [type]: fields } }),
    timeoutMs: config.timeoutMs,
  });
  const classified = classifyTwilioResult(result);
  return classified.outcome === 'accepted' ? classified.providerMessageId : classified;
}
