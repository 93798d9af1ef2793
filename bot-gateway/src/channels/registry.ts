import type { GatewayEnv } from '../env';
import type { OutboxSender, OutboxSenderLookup } from '../outbox/outbox-sender';
import { createAfricasTalkingSmsChannel } from './africastalking-sms/channel';
import { createAfricasTalkingUssdChannel } from './africastalking-ussd/channel';
import { createMetaWhatsappChannel } from './meta-whatsapp/channel';
import { createTwilioSmsChannel } from './twilio-sms/channel';
import { createTwilioWhatsappChannel } from './twilio-whatsapp/channel';
import type { Channel, ChannelId, SendResult, WebhookEndpoint } from './types';
import { guardCustomerServiceWindow, type WindowGuardDeps } from '../whatsapp/guard-customer-service-window';

export type ChannelRegistry = Record<ChannelId, Channel<unknown>>;

/** The one list of channels: a sixth channel is one folder and one line here. */
export function createChannelRegistry(env: GatewayEnv): ChannelRegistry {
  return {
    'africastalking-ussd': createAfricasTalkingUssdChannel(env),
    'africastalking-sms': createAfricasTalkingSmsChannel(env),
    'twilio-sms': createTwilioSmsChannel(env),
    'twilio-whatsapp': createTwilioWhatsappChannel(env),
    'meta-whatsapp': createMetaWhatsappChannel(env),
  };
}

/** Each provider URL once, even when several channels share it (Twilio SMS and WhatsApp). */
export function listWebhookEndpoints(registry: ChannelRegistry): WebhookEndpoint[] {
  const endpoints = new Map<string, WebhookEndpoint>();
  for (const channel of Object.values(registry)) {
    for (const endpoint of channel.webhooks) endpoints.set(`${endpoint.method} ${endpoint.path}`, endpoint);
  }
  return [...endpoints.values()];
}

export function channelsOfProvider(registry: ChannelRegistry, provider: Channel<unknown>['provider']): ChannelId[] {
  return Object.values(registry)
    .filter((channel) => channel.provider === provider)
    .map((channel) => channel.id);
}

/**
 * The outbox worker's senders through the channels' own render and send. One content may render to
 * several payloads (media then text on WhatsApp): each gets its own idempotency key, and the first
 * non-accepted result stops the rest so a retry resumes (already-accepted parts are deduped by key).
 * With `window`, WhatsApp sends obey the 24-hour rule (src/whatsapp/guard-customer-service-window.ts).
 */
export function toOutboxSenders(registry: ChannelRegistry, window?: WindowGuardDeps): OutboxSenderLookup {
  const senders = new Map<string, OutboxSender>();
  for (const channel of Object.values(registry)) {
    const sender: OutboxSender = {
      senderKey: channel.senderKey,
      async send(message) {
        const payloads = channel.render(message.content, message.to);
        let last: SendResult = { outcome: 'permanent', reason: 'nothing to send' };
        for (const [index, payload] of payloads.entries()) {
          const idempotencyKey = index === 0 ? message.idempotencyKey : `${message.idempotencyKey}:${index}`;
          last = await channel.send(payload, { idempotencyKey });
          if (last.outcome !== 'accepted') return last;
        }
        return last;
      },
    };
    senders.set(
      channel.id,
      channel.kind === 'whatsapp' && window ? guardCustomerServiceWindow(channel.id, sender, window) : sender,
    );
  }
  return (channel) => senders.get(channel);
}
