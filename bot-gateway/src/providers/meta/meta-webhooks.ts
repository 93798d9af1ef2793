import { WebhookInputError } from '../../channels/parse-input';
import { parseMetaWhatsapp } from '../../channels/meta-whatsapp/parse';
import type { WebhookEndpoint } from '../../channels/types';
import { verifyMetaSignature } from './verify-signature';

/** Messages and statuses share one URL; the GET subscription handshake is served by the app (answerMetaHandshake). */
export const metaWhatsappWebhook: WebhookEndpoint = {
  method: 'POST',
  path: '/webhooks/meta/whatsapp',
  label: 'meta-whatsapp',
  mode: 'inbox',
  ack: 'empty',
  verify: verifyMetaSignature,
  parse(request) {
    let body: unknown;
    try {
      body = JSON.parse(request.rawBody.toString('utf8'));
    } catch {
      throw new WebhookInputError('invalid JSON body');
    }
    return parseMetaWhatsapp(body);
  },
};
