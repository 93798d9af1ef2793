// https://www.twilio.com/docs/usage/webhooks/webhooks-security
import { validateRequest } from 'twilio/lib/webhooks/webhooks';
import { parseForm } from '../../channels/parse-input';
import type { VerifyOutcome, WebhookRequest, WebhookSecrets } from '../../channels/types';

/**
 * Twilio signs the URL it called (our public origin + path + query) followed by the sorted form
 * params; behind a proxy the local URL differs, hence PUBLIC_BASE_URL.
 */
export function verifyTwilioSignature(request: WebhookRequest, secrets: WebhookSecrets): VerifyOutcome {
  if (!secrets.twilioAuthToken) return 'ok';
  const signature = request.headers['x-twilio-signature'];
  if (!signature) return 'missing';
  const url = secrets.publicBaseUrl.replace(/\/+$/, '') + request.originalUrl;
  return validateRequest(secrets.twilioAuthToken, signature, url, parseForm(request.rawBody)) ? 'ok' : 'invalid';
}
