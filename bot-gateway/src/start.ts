import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { migrateCoreSchema } from '@medlink/core-api/start';
import { openDb, type Db } from '@medlink/platform/db';
import { createLogger, type Logger } from '@medlink/platform/logger';
import { migrate } from '@medlink/platform/migrate';
import { createLiveEventBus, publisherFor, type LiveEventBus } from '@medlink/platform/live-events';
import { connectRedis } from '@medlink/platform/redis';
import { hostname } from 'node:os';
import { startInboxLoadShedder, type InboxLoadShedder } from './conversations/inbox-load-shedder';
import type { Publish } from './live/publish-message-status';
import { createServer, type Server } from 'node:http';
import { createGatewayRequestListener } from './app';
import { createChannelRegistry, toOutboxSenders } from './channels/registry';
import { createGatewayFlowHandler } from './conversations/create-gateway-flow-handler';
import type { ChannelId } from './channels/types';
import type { ConversationHandler } from './conversations/conversation-handler';
import { createBullmqInboxQueue, createInProcessInboxQueue } from './conversations/inbox-queue';
import { startInboxSweeper, type InboxSweeper } from './conversations/inbox-sweeper';
import { createMemoryKeyValueStore, createRedisKeyValueStore } from './conversations/key-value-store';
import { createUssdHopLog } from './ussd/ussd-hops.repository';
import { createMemoryUssdSessionStore, createRedisUssdSessionStore } from './ussd/ussd-session-store';
import { processInboundMessage } from './conversations/process-inbound-message';
import type { GatewayEnv } from './env';
import { webhookSecretsFrom, type GatewayDeps } from './gateway-deps';
import { createGatewayMetrics, type GatewayMetrics } from './metrics';
import { startOutboxWorker, type OutboxWorker } from './outbox/start-outbox-worker';
import { startReminderScheduler, type ReminderScheduler } from './reminders/reminder-scheduler';

export const GATEWAY_MIGRATIONS_FOLDER = path.join(__dirname, '..', 'migrations');

export async function migrateGatewaySchema(db: Db): Promise<string[]> {
  return migrate(db, { folder: GATEWAY_MIGRATIONS_FOLDER, set: 'gateway' });
}

/** Where a WhatsApp message outside the 24-hour window goes instead: the SMS channel that is configured. */
function fallbackSmsChannel(env: GatewayEnv): ChannelId | undefined {
  if (env.AT_USERNAME && env.AT_API_KEY) return 'africastalking-sms';
  if (env.TWILIO_ACCOUNT_SID && env.TWILIO_SMS_FROM) return 'twilio-sms';
  return undefined;
}

export interface StartedGateway {
  deps: GatewayDeps;
  server: Server;
  url: string;
  sweeper: InboxSweeper;
  outbox?: OutboxWorker;
  reminders: ReminderScheduler;
  close: () => Promise<void>;
}

/**
 * Opens storage, applies core-api's migrations then the gateway's, and listens. `db` may be passed in
 * by the all-in-one launcher (one embedded database shared by every service); `handler` replaces the
 * flow engine (tests of the channels pass the built-in language + menu handler).
 */
export async function startGateway(options: {
  env: GatewayEnv;
  db?: Db;
  logger?: Logger;
  clock?: () => Date;
  handler?: ConversationHandler;
  metrics?: GatewayMetrics;
  /** Redis key prefix for the inbox queue, sessions and the outbox (tests isolate themselves with it). */
  keyPrefix?: string;
  sweepIntervalMs?: number;
  /** How old an unprocessed inbound row must be before the sweeper re-dispatches it. */
  sweepMinAgeMs?: number;
  /** Live events (the all-in-one launcher shares its bus); alone, the gateway opens its own. */
  publish?: Publish;
}): Promise<StartedGateway> {
  const { env } = options;
  const logger = options.logger ?? createLogger({ service: 'bot-gateway', level: env.LOG_LEVEL });
  const db =
    options.db ?? (await openDb({ databaseUrl: env.DATABASE_URL, dataDir: path.join(env.DATA_DIR, 'pglite') }));
  await migrateCoreSchema(db);
  await migrateGatewaySchema(db);
  const clock = options.clock ?? (() => new Date());
  const prefix = options.keyPrefix ?? 'medlink';
  const redis = env.REDIS_URL
    ? connectRedis(env.REDIS_URL, (error) => logger.warn({ err: error }, 'redis error'))
    : undefined;
  const metrics = options.metrics ?? createGatewayMetrics();
  let ownBus: LiveEventBus | undefined;
  let publish = options.publish;
  if (!publish) {
    ownBus = createLiveEventBus({ db, redis, onError: (error) => logger.warn({ err: error }, 'live events') });
    publish = publisherFor(ownBus, (error) => logger.warn({ err: error }, 'live event not published'));
  }
  const channels = createChannelRegistry(env);
  const kv = redis ? createRedisKeyValueStore(redis, `${prefix}:gateway:`) : createMemoryKeyValueStore(clock);
  const ussd = {
    sessions: redis ? createRedisUssdSessionStore(redis, `${prefix}:gateway:`) : createMemoryUssdSessionStore(clock),
    hopLog: createUssdHopLog(db, { onError: (error) => logger.warn({ err: error }, 'USSD hop log not written yet') }),
  };
  const reminders = startReminderScheduler({
    db,
    clock,
    logger,
    redisUrl: env.REDIS_URL,
    prefix,
    smsChannel: fallbackSmsChannel(env),
    sweepIntervalMs: options.sweepIntervalMs,
  });
  const handler =
    options.handler ??
    createGatewayFlowHandler({
      env,
      kv,
      logger,
      smsChannel: fallbackSmsChannel(env),
      identityKindOf: (channel) => channels[channel].identityKind,
      reminders,
    });
  const processOne = (messageId: string) =>
    processInboundMessage({ db, handler, registry: channels, clock, logger }, messageId);
  const inbox = env.REDIS_URL
    ? createBullmqInboxQueue({
        redisUrl: env.REDIS_URL,
        prefix: `${prefix}:gateway`,
        process: processOne,
        concurrency: env.WORKER_CONCURRENCY,
        logger,
      })
    : createInProcessInboxQueue({ process: processOne, concurrency: env.WORKER_CONCURRENCY, logger });
  const deps: GatewayDeps = {
    env,
    db,
    redis,
    logger,
    clock,
    metrics,
    channels,
    secrets: webhookSecretsFrom(env),
    kv,
    ussd,
    handler,
    inbox,
    publish,
  };
  // Under a surge the gateways defer SMS/WhatsApp conversation work (never USSD, answered inline) while their
  // event loops lag; the inbox drains when the load falls.
  const shedder: InboxLoadShedder | undefined =
    env.REDIS_URL && env.SHED_INBOX_LOAD
      ? startInboxLoadShedder({
          redisUrl: env.REDIS_URL,
          prefix: `${prefix}:gateway`,
          instanceId: `${hostname()}:${process.pid}`,
          normalConcurrency: env.WORKER_CONCURRENCY,
          logger,
        })
      : undefined;
  const sweeper = startInboxSweeper({
    db,
    queue: inbox,
    registry: channels,
    clock,
    logger,
    intervalMs: options.sweepIntervalMs ?? 5_000,
    minAgeMs: options.sweepMinAgeMs ?? 10_000,
    publish,
  });
  const outbox = env.RUN_WORKER
    ? startOutboxWorker({
        env,
        db,
        redis,
        logger,
        metrics: metrics.registry,
        senders: toOutboxSenders(channels, { db, clock, smsChannel: fallbackSmsChannel(env) }),
        keyPrefix: prefix,
        publish,
      })
    : undefined;
  const server = createServer(createGatewayRequestListener(deps));
  await new Promise<void>((resolve) => server.listen(env.GATEWAY_PORT, resolve));
  const port = (server.address() as AddressInfo).port;
  logger.info({ port, engine: db.engine, redis: Boolean(redis) }, 'bot-gateway listening');
  return {
    deps,
    server,
    url: `http://127.0.0.1:${port}`,
    sweeper,
    outbox,
    reminders,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await ussd.hopLog.close();
      await sweeper.stop();
      await reminders.close();
      await outbox?.close();
      await inbox.close();
      await shedder?.stop();
      await ownBus?.close();
      redis?.disconnect();
      if (!options.db) await db.close();
    },
  };
}
