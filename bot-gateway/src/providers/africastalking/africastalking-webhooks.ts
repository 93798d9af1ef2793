import { parseForm } from '../../channels/parse-input';
import { parseAfricasTalkingDelivery, parseAfricasTalkingSms } from '../../channels/africastalking-sms/parse';
import { parseAfricasTalkingUssd } from '../../channels/africastalking-ussd/parse';
import type { WebhookEndpoint } from '../../channels/types';
import { verifyAfricasTalkingToken } from './verify-token';

export const africasTalkingSmsWebhook: WebhookEndpoint = {
  method: 'POST',
  path: '/webhooks/africastalking/sms',
  label: 'africastalking-sms',
  mode: 'inbox',
  ack: 'empty',
  verify: verifyAfricasTalkingToken,
  parse: (request, now) => parseAfricasTalkingSms(parseForm(request.rawBody), now),
};

export const africasTalkingDeliveryWebhook: WebhookEndpoint = {
  method: 'POST',
  path: '/webhooks/africastalking/delivery',
  label: 'africastalking-sms',
  mode: 'inbox',
  ack: 'empty',
  verify: verifyAfricasTalkingToken,
  parse: (request, now) => parseAfricasTalkingDelivery(parseForm(request.rawBody), now),
};

/** The answer is the next screen (see src/ussd/handle-ussd-hop.ts), not an acknowledgement. */
export const africasTalkingUssdWebhook: WebhookEndpoint = {
  method: 'POST',
  path: '/webhooks/africastalking/ussd',
  label: 'africastalking-ussd',
  mode: 'ussd',
  ack: 'empty',
  verify: verifyAfricasTalkingToken,
  parse: (request, now) => [parseAfricasTalkingUssd(parseForm(request.rawBody), now)],
};
