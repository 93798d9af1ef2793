import type { GatewayEnv } from '../../env';
import { twilioSendConfig } from '../../providers/send-configs';
import { sendTwilioMessage, type TwilioOutboundMessage } from '../../providers/twilio/send-message';
import { twilioMessagesWebhook, twilioStatusWebhook } from '../../providers/twilio/twilio-webhooks';
import type { Channel } from '../types';
import { renderTwilioWhatsapp } from './render';

export function createTwilioWhatsappChannel(env: GatewayEnv): Channel<TwilioOutboundMessage> {
  const config = twilioSendConfig(env);
  const raw = env.TWILIO_WHATSAPP_FROM ?? '';
  const from = raw.startsWith('whatsapp:') ? raw : `whatsapp:${raw}`;
  return {
    id: 'twilio-whatsapp',
    kind: 'whatsapp',
    provider: 'twilio',
    identityKind: 'whatsapp',
    senderKey: `twilio:${from}`,
    webhooks: [twilioMessagesWebhook, twilioStatusWebhook],
    render: (content, to) => renderTwilioWhatsapp(content, to, from),
    send: (payload, options) => sendTwilioMessage(config, payload, options),
  };
}
