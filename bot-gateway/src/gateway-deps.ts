import type { Db } from '@medlink/platform/db';
import type { Logger } from '@medlink/platform/logger';
import type { Redis } from '@medlink/platform/redis';
import type { ChannelRegistry } from './channels/registry';
import type { WebhookSecrets } from './channels/types';
import type { ConversationHandler } from './conversations/conversation-handler';
import type { InboxQueue } from './conversations/inbox-queue';
import type { KeyValueStore } from './conversations/key-value-store';
import type { GatewayEnv } from './env';
import type { GatewayMetrics } from './metrics';
import type { Publish } from './live/publish-message-status';
import type { UssdHopLog } from './ussd/ussd-hops.repository';
import type { UssdSessionStore } from './ussd/ussd-session-store';

/** Everything the gateway's routes and jobs use, passed as one object. */
export interface GatewayDeps {
  env: GatewayEnv;
  db: Db;
  redis?: Redis;
  logger: Logger;
  clock: () => Date;
  metrics: GatewayMetrics;
  channels: ChannelRegistry;
  secrets: WebhookSecrets;
  kv: KeyValueStore;
  /** USSD sessions (versioned, Redis or in-process) and the hop log written behind the answers. */
  ussd: { sessions: UssdSessionStore; hopLog: UssdHopLog };
  handler: ConversationHandler;
  inbox: InboxQueue;
  /** Live events for the back office (after commit; never fails a request). */
  publish: Publish;
}

export function webhookSecretsFrom(env: GatewayEnv): WebhookSecrets {
  return {
    publicBaseUrl: env.PUBLIC_BASE_URL,
    twilioAuthToken: env.TWILIO_AUTH_TOKEN,
    metaAppSecret: env.META_APP_SECRET,
    metaVerifyToken: env.META_VERIFY_TOKEN,
    atWebhookToken: env.AT_WEBHOOK_TOKEN,
  };
}
