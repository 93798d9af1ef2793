import type { GatewayEnv } from '../../env';
import {
  africasTalkingDeliveryWebhook,
  africasTalkingSmsWebhook,
} from '../../providers/africastalking/africastalking-webhooks';
import { sendAfricasTalkingSms } from '../../providers/africastalking/send-sms';
import { africasTalkingSendConfig } from '../../providers/send-configs';
import type { Channel } from '../types';
import { renderAfricasTalkingSms, type AfricasTalkingSmsParams } from './render';

export function createAfricasTalkingSmsChannel(env: GatewayEnv): Channel<AfricasTalkingSmsParams> {
  const config = africasTalkingSendConfig(env);
  return {
    id: 'africastalking-sms',
    kind: 'sms',
    provider: 'africastalking',
    identityKind: 'phone',
    senderKey: `africastalking:${env.AT_SMS_FROM ?? env.AT_USERNAME ?? ''}`,
    webhooks: [africasTalkingSmsWebhook, africasTalkingDeliveryWebhook],
    render: (content, to) => renderAfricasTalkingSms(content, to, env.AT_SMS_FROM),
    send: (payload, options) => sendAfricasTalkingSms(config, payload, options),
  };
}
