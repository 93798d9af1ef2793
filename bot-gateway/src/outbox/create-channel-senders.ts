import type { Queryable } from '@medlink/platform/db';
import { createChannelRegistry, toOutboxSenders } from '../channels/registry';
import type { ChannelId } from '../channels/types';
import type { GatewayEnv } from '../env';
import type { OutboxSenderLookup } from './outbox-sender';

/**
 * The senders a worker process uses on its own (worker-main.ts): every channel's render and send from the
 * registry, with the WhatsApp 24-hour rule applied at send time and SMS as the fallback when one is configured.
 */
export function createChannelSenders(
  env: GatewayEnv,
  db: Queryable,
  clock: () => Date = () => new Date(),
): OutboxSenderLookup {
  return toOutboxSenders(createChannelRegistry(env), { db, clock, smsChannel: fallbackSmsChannel(env) });
}

function fallbackSmsChannel(env: GatewayEnv): ChannelId | undefined {
  if (env.AT_USERNAME && env.AT_API_KEY) return 'africastalking-sms';
  if (env.TWILIO_ACCOUNT_SID && env.TWILIO_SMS_FROM) return 'twilio-sms';
  return undefined;
}
