// A process that only sends: scale it out next to the gateway, or kill it mid-send (the crash test does).
import path from 'node:path';
import { Registry, collectDefaultMetrics } from 'prom-client';
import { openDb } from '@medlink/platform/db';
import { createLiveEventBus, publisherFor } from '@medlink/platform/live-events';
import { connectRedis } from '@medlink/platform/redis';
import { createLogger } from '@medlink/platform/logger';
import { readGatewayEnv } from '../env';
import { serveWorkerMetrics } from './serve-worker-metrics';
import { startOutboxWorker } from './start-outbox-worker';

async function main(): Promise<void> {
  const env = readGatewayEnv();
  const logger = createLogger({ service: 'outbox-worker', level: env.LOG_LEVEL });
  if (!env.DATABASE_URL)
    logger.warn('DATABASE_URL unset: using the embedded database, which only one process may open');
  const db = await openDb({
    databaseUrl: env.DATABASE_URL,
    dataDir: path.join(env.DATA_DIR, 'pglite'),
    poolSize: Math.min(env.WORKER_CONCURRENCY + 2, 20),
  });
  const metrics = new Registry();
  collectDefaultMetrics({ register: metrics });
  const redis = env.REDIS_URL
    ? connectRedis(env.REDIS_URL, (error) => logger.warn({ err: error }, 'redis error'))
    : undefined;
  const liveEvents = createLiveEventBus({
    db,
    redis,
    pruneIntervalMs: 0,
    onError: (error) => logger.warn({ err: error }, 'live events'),
  });
  const publish = publisherFor(liveEvents, (error) => logger.warn({ err: error }, 'live event not published'));
  const worker = startOutboxWorker({ env, db, redis, logger, metrics, keyPrefix: env.OUTBOX_KEY_PREFIX, publish });
  const http =
    env.WORKER_METRICS_PORT === undefined
      ? undefined
      : await serveWorkerMetrics({ port: env.WORKER_METRICS_PORT, registry: metrics });
  if (http) logger.info({ url: http.url }, 'outbox worker metrics listening');
  const shutdown = async () => {
    await http?.close();
    await worker.close().catch((error: unknown) => logger.warn({ err: error }, 'outbox worker close failed'));
    await liveEvents.close();
    redis?.disconnect();
    await db.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown());
  process.on('SIGTERM', () => void shutdown());
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
