import type { GatewayEnv } from '../../env';
import { africasTalkingUssdWebhook } from '../../providers/africastalking/africastalking-webhooks';
import type { Channel } from '../types';
import { renderAfricasTalkingUssd } from './render';

/** USSD is pull-only: a screen leaves as the HTTP answer to the patient's own request, never as a push. */
export function createAfricasTalkingUssdChannel(env: GatewayEnv): Channel<string> {
  return {
    id: 'africastalking-ussd',
    kind: 'ussd',
    provider: 'africastalking',
    identityKind: 'phone',
    senderKey: `africastalking:${env.AT_USSD_CODE ?? ''}`,
    webhooks: [africasTalkingUssdWebhook],
    render: (content) => renderAfricasTalkingUssd(content),
    send: async () => ({ outcome: 'permanent', reason: 'USSD cannot push a message; send it by SMS' }),
  };
}
