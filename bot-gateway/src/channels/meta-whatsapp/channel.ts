import type { GatewayEnv } from '../../env';
import { metaWhatsappWebhook } from '../../providers/meta/meta-webhooks';
import { sendMetaMessage } from '../../providers/meta/send-message';
import { metaSendConfig } from '../../providers/send-configs';
import type { Channel } from '../types';
import { renderMetaWhatsapp, type MetaMessageBody } from './render';

export function createMetaWhatsappChannel(env: GatewayEnv): Channel<MetaMessageBody> {
  const config = metaSendConfig(env);
  return {
    id: 'meta-whatsapp',
    kind: 'whatsapp',
    provider: 'meta',
    identityKind: 'whatsapp',
    senderKey: `meta:${env.META_PHONE_NUMBER_ID ?? ''}`,
    webhooks: [metaWhatsappWebhook],
    render: (content, to) => renderMetaWhatsapp(content, to.replace(/^\+/, '')),
    send: (payload, options) => sendMetaMessage(config, payload, options),
  };
}
