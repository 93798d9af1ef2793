import type { GatewayEnv } from '../../env';
import { twilioSendConfig } from '../../providers/send-configs';
import { sendTwilioMessage, type TwilioOutboundMessage } from '../../providers/twilio/send-message';
import { twilioMessagesWebhook, twilioStatusWebhook } from '../../providers/twilio/twilio-webhooks';
import type { Channel } from '../types';
import { renderTwilioSms } from './render';

export function createTwilioSmsChannel(env: GatewayEnv): Channel<TwilioOutboundMessage> {
  const config = twilioSendConfig(env);
  const from = env.TWILIO_SMS_FROM ?? '';
  return {
    id: 'twilio-sms',
    kind: 'sms',
    provider: 'twilio',
    identityKind: 'phone',
    senderKey: `twilio:${from}`,
    webhooks: [twilioMessagesWebhook, twilioStatusWebhook],
    render: (content, to) => renderTwilioSms(content, to, from),
    send: (payload, options) => sendTwilioMessage(config, payload, options),
  };
}
