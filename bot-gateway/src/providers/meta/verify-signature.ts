// https://developers.facebook.com/docs/graph-api/webhooks/getting-started#event-notifications
import { createHmac, timingSafeEqual } from 'node:crypto';
import { isSameSecret } from '../is-same-secret';
import type { VerifyOutcome, WebhookRequest, WebhookSecrets } from '../../channels/types';

/** X-Hub-Signature-256 is `sha256=` + the hex HMAC-SHA256 of the exact bytes Meta sent, keyed by the app secret. */
export function verifyMetaSignature(request: WebhookRequest, secrets: WebhookSecrets): VerifyOutcome {
  if (!secrets.metaAppSecret) return 'ok';
  const header = request.headers['x-hub-signature-256'];
  if (!header) return 'missing';
  const received = /^sha256=([0-9a-f]{64})$/i.exec(header.trim())?.[1];
  if (!received) return 'invalid';
  const expected = createHmac('sha256', secrets.metaAppSecret).update(request.rawBody).digest();
  return timingSafeEqual(expected, Buffer.from(received, 'hex')) ? 'ok' : 'invalid';
}

/** The subscription handshake: echo hub.challenge when the verify token matches; an unset token verifies nothing. */
export function answerMetaHandshake(query: Record<string, string>, secrets: WebhookSecrets): string | undefined {
  const token = query['hub.verify_token'];
  if (!secrets.metaVerifyToken || query['hub.mode'] !== 'subscribe' || token === undefined) return undefined;
  if (!isSameSecret(token, secrets.metaVerifyToken)) return undefined;
  return query['hub.challenge'];
}
