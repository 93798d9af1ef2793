// https://developers.africastalking.com/docs/sms/notifications (callbacks are not signed)
import { isSameSecret } from '../is-same-secret';
import type { VerifyOutcome, WebhookRequest, WebhookSecrets } from '../../channels/types';

/** Africa's Talking signs nothing: the callback URL we register carries `?token=`, checked in constant time. */
export function verifyAfricasTalkingToken(request: WebhookRequest, secrets: WebhookSecrets): VerifyOutcome {
  if (!secrets.atWebhookToken) return 'ok';
  const token = request.query.token;
  if (!token) return 'missing';
  return isSameSecret(token, secrets.atWebhookToken) ? 'ok' : 'invalid';
}
