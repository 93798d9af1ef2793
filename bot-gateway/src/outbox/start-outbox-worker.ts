import type { Db } from '@medlink/platform/db';
import type { Logger } from '@medlink/platform/logger';
import { Redis as IORedis } from 'ioredis';
import { connectRedis, type Redis } from '@medlink/platform/redis';
import type { Registry } from 'prom-client';
import type { GatewayEnv } from '../env';
import { publishMessageStatus, type Publish } from '../live/publish-message-status';
import { createChannelSenders } from './create-channel-senders';
import { createOutboxMetrics } from './outbox-metrics';
import { createBullmqOutboxQueue, createInProcessOutboxQueue, type OutboxQueue } from './outbox-queue';
import type { OutboxSenderLookup } from './outbox-sender';
import { createOutboxRepository } from './outbox.repository';
import { sendOutboxMessage } from './send-outbox-message';
import { createSenderRateLimiter } from './sender-rate-limiter';

export interface OutboxWorkerOptions {
  env: GatewayEnv;
  db: Db;
  /** A shared connection for the per-sender rate limit; BullMQ opens its own (blocking) connections from REDIS_URL. */
  redis?: Redis;
  logger: Logger;
  metrics: Registry;
  /** Defaults to the channel registry's render + send with the WhatsApp 24-hour rule (createChannelSenders). */
  senders?: OutboxSenderLookup;
  /** Redis key prefix for the queue and the rate limits (tests isolate themselves with it). */
  keyPrefix?: string;
  /** How often the relay looks for due rows. */
  pollIntervalMs?: number;
  /** Live events: a consultation message's tick moves to 'sent' in the back office. */
  publish?: Publish;
}

export interface OutboxWorker {
  /** One relay pass: leases due rows and enqueues them; returns how many. */
  relayOnce(): Promise<number>;
  close(): Promise<void>;
}

const RELAY_BATCH = 1000;

/**
 * The relay (due rows → queue) and the send workers. Several processes may run this at once: the relay's
 * SKIP LOCKED lease, the queue's jobId and the row claim each make a second hand-out harmless.
 */
export function startOutboxWorker(options: OutboxWorkerOptions): OutboxWorker {
  const { env, db, logger } = options;
  const prefix = options.keyPrefix ?? 'medlink';
  const repository = createOutboxRepository(db, { leaseMs: env.SEND_LEASE_MS });
  const metrics = createOutboxMetrics(options.metrics, () => repository.countPending());
  const ownRedis =
    !options.redis && env.REDIS_URL
      ? connectRedis(env.REDIS_URL, (error) => logger.warn({ err: error }, 'redis error'))
      : undefined;
  const limiter = createSenderRateLimiter({
    ratePerSecond: env.SEND_RATE_PER_SENDER,
    redis: options.redis ?? ownRedis,
    keyPrefix: `${prefix}:send-rate:`,
  });
  const settings = {
    maxAttempts: env.SEND_MAX_ATTEMPTS,
    backoffBaseMs: env.SEND_BACKOFF_BASE_MS,
    backoffMaxMs: env.SEND_BACKOFF_MAX_MS,
  };
  const publish = options.publish;
  const onSent = publish
    ? (messageId: string) =>
        void publishMessageStatus(db, publish, messageId).catch((error: unknown) =>
          logger.warn({ err: error, messageId }, 'status event not published'),
        )
    : undefined;
  const deps = {
    repository,
    senders: options.senders ?? createChannelSenders(env, db),
    limiter,
    metrics,
    logger,
    settings,
    onSent,
  };
  const process = (job: { messageId: string; channel: string }) => sendOutboxMessage(deps, job);
  const redisUrl = env.REDIS_URL;
  const queue: OutboxQueue = redisUrl
    ? createBullmqOutboxQueue({
        connection: () => connectBlockingRedis(redisUrl, logger),
        prefix,
        concurrency: env.WORKER_CONCURRENCY,
        leaseMs: env.SEND_LEASE_MS,
        process,
        logger,
      })
    : createInProcessOutboxQueue({ concurrency: env.WORKER_CONCURRENCY, process, logger });

  const relayOnce = async (): Promise<number> => {
    const due = await repository.leaseDueMessages(RELAY_BATCH, env.SEND_LEASE_MS);
    await queue.enqueue(due);
    return due.length;
  };
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const tick = () => {
    running = (async () => {
      let count = RELAY_BATCH;
      try {
        while (!stopped && count === RELAY_BATCH) count = await relayOnce();
      } catch (error) {
        logger.warn({ err: error }, 'outbox relay pass failed; next pass retries');
      }
      if (!stopped) timer = setTimeout(tick, options.pollIntervalMs ?? 200);
    })();
  };
  tick();
  logger.info(
    { queue: redisUrl ? 'bullmq' : 'in-process', concurrency: env.WORKER_CONCURRENCY },
    'outbox worker started',
  );

  return {
    relayOnce,
    async close() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
      await queue.close();
      ownRedis?.disconnect();
    },
  };
}

/**
 * BullMQ's workers block on Redis and require maxRetriesPerRequest = null; platform's connectRedis turns null
 * into its default of 3, so these connections are opened here.
 */
function connectBlockingRedis(url: string, logger: Logger): Redis {
  const redis = new IORedis(url, { maxRetriesPerRequest: null });
  redis.on('error', (error) => logger.warn({ err: error }, 'redis error'));
  return redis;
}
