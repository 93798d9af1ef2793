import { parseForm, WebhookInputError } from '../../channels/parse-input';
import { parseTwilioSmsMessage, parseTwilioSmsStatus } from '../../channels/twilio-sms/parse';
import { parseTwilioWhatsappMessage, parseTwilioWhatsappStatus } from '../../channels/twilio-whatsapp/parse';
import type { WebhookEndpoint } from '../../channels/types';
import { verifyTwilioSignature } from './verify-signature';

const isWhatsapp = (address: string | undefined) => address?.startsWith('whatsapp:') === true;

/** One URL for Twilio SMS and WhatsApp: `From: whatsapp:+...` decides whose parser reads it. */
export const twilioMessagesWebhook: WebhookEndpoint = {
  method: 'POST',
  path: '/webhooks/twilio/messages',
  label: 'twilio',
  mode: 'inbox',
  ack: 'twiml',
  verify: verifyTwilioSignature,
  parse(request, now) {
    const form = parseForm(request.rawBody);
    if (!form.From) throw new WebhookInputError('missing From');
    return isWhatsapp(form.From) ? parseTwilioWhatsappMessage(form, now) : parseTwilioSmsMessage(form, now);
  },
};

/** Status callbacks: our own sender (From) or the patient (To) tells WhatsApp from SMS. */
export const twilioStatusWebhook: WebhookEndpoint = {
  method: 'POST',
  path: '/webhooks/twilio/status',
  label: 'twilio',
  mode: 'inbox',
  ack: 'empty',
  verify: verifyTwilioSignature,
  parse(request, now) {
    const form = parseForm(request.rawBody);
    return isWhatsapp(form.From) || isWhatsapp(form.To)
      ? parseTwilioWhatsappStatus(form, now)
      : parseTwilioSmsStatus(form, now);
  },
};
