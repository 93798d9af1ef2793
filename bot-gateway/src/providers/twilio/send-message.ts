import type { SendResult } from '../../channels/types';
import { postToProvider } from '../../outbox/post-to-provider';
import { classifyTwilioResult } from './classify-send-result';
import { ensureTwilioContent, type TwilioContentDefinition } from './send-content';

export interface TwilioSendConfig {
  /** Unset means the real origins (api.twilio.com, content.twilio.com); set, one origin serves both (the simulator). */
  apiBase?: string;
  accountSid?: string;
  authToken?: string;
  /** PUBLIC_BASE_URL + /webhooks/twilio/status */
  statusCallbackUrl?: string;
  timeoutMs: number;
  /** Content sids by structure hash: interactive messages are created once per distinct set of choices. */
  contentSids: Map<string, Promise<string | SendResult>>;
}

/** A Messages.json request, in Twilio's own field names. `content` is turned into a ContentSid on demand. */
export interface TwilioOutboundMessage {
  To: string;
  From: string;
  Body?: string;
  MediaUrl?: string[];
  ContentSid?: string;
  ContentVariables?: string;
  content?: TwilioContentDefinition;
}

/**
 * POST /2010-04-01/Accounts/{sid}/Messages.json with HTTP Basic auth. We call the REST API with fetch rather than
 * the `twilio` client so the origin, the timeout and the idempotency header stay explicit and testable. The
 * I-Twilio-Idempotency-Token header carries our key: the simulator dedupes on it, so a resend after a crash
 * returns the first message's sid instead of sending again.
 */
export async function sendTwilioMessage(
  config: TwilioSendConfig,
  message: TwilioOutboundMessage,
  options: { idempotencyKey: string },
): Promise<SendResult> {
  const { accountSid, authToken } = config;
  if (!accountSid || !authToken)
    return { outcome: 'permanent', reason: 'twilio credentials missing (TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN)' };
  const form = new URLSearchParams({ To: message.To, From: message.From });
  let contentSid = message.ContentSid;
  if (message.content) {
    const created = await ensureTwilioContent(config, message.content);
    if (typeof created !== 'string') return created;
    contentSid = created;
  }
  if (contentSid) {
    form.set('ContentSid', contentSid);
    if (message.ContentVariables) form.set('ContentVariables', message.ContentVariables);
  } else if (message.Body !== undefined) {
    form.set('Body', message.Body);
  }
  for (const url of message.MediaUrl ?? []) form.append('MediaUrl', url);
  if (config.statusCallbackUrl) form.set('StatusCallback', config.statusCallbackUrl);
  const base = config.apiBase ?? 'https://api.twilio.com';
  const result = await postToProvider({
    url: `${base}/2010-04-01/Accounts/${encodeURIComponent(accountSid)}/Messages.json`,
    headers: {
      authorization: basicAuth(accountSid, authToken),
      'content-type': 'application/x-www-form-urlencoded',
      accept: 'application/json',
      'i-twilio-idempotency-token': options.idempotencyKey,
    },
    body: form.toString(),
    timeoutMs: config.timeoutMs,
  });
  return classifyTwilioResult(result);
}

export function basicAuth(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}
