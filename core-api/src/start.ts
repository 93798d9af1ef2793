import type { AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:http';
import path from 'node:path';
import { Registry, collectDefaultMetrics } from 'prom-client';
import { openDb, type Db } from '@medlink/platform/db';
import { createLogger, type Logger } from '@medlink/platform/logger';
import { migrate } from '@medlink/platform/migrate';
import { createLiveEventBus, publisherFor, type LiveEventBus } from '@medlink/platform/live-events';
import { connectRedis } from '@medlink/platform/redis';
import { createCoreApiApp } from './app';
import { bootstrapAdmin } from './auth/bootstrap-admin';
import type { CoreApiDeps, DomainEvent } from './deps';
import type { CoreApiEnv } from './env';
import { createFacilityCatalog } from './facilities/facility-catalog';
import { createPractitionerCatalog } from './recommendations/practitioner-catalog';
import { scheduleStorageDeletions } from './files/schedule-storage-deletions';
import { createTriageRecordInserter } from './triage/triage.repository';
import { seedDemoData } from './seed/seed-demo-data';
import { generateHexKey, parseDataKey, resolveSecret } from './shared/secrets';

export const CORE_MIGRATIONS_FOLDER = path.join(__dirname, '..', 'migrations');

export async function migrateCoreSchema(db: Db): Promise<string[]> {
  return migrate(db, { folder: CORE_MIGRATIONS_FOLDER, set: 'core' });
}

export interface StartedCoreApi {
  deps: CoreApiDeps;
  server: Server;
  url: string;
  close: () => Promise<void>;
}

/**
 * Opens storage, migrates, seeds (first start only) and listens. `db` and `publish` may be passed
 * in by the all-in-one launcher, which shares one embedded database between the services.
 */
export async function startCoreApi(options: {
  env: CoreApiEnv;
  db?: Db;
  logger?: Logger;
  publish?: (event: DomainEvent) => void;
  clock?: () => Date;
}): Promise<StartedCoreApi> {
  const { env } = options;
  const logger = options.logger ?? createLogger({ service: 'core-api', level: env.LOG_LEVEL });
  const db =
    options.db ?? (await openDb({ databaseUrl: env.DATABASE_URL, dataDir: path.join(env.DATA_DIR, 'pglite') }));
  await migrateCoreSchema(db);
  const isProduction = env.NODE_ENV === 'production';
  const jwtSecret = await resolveSecret({
    name: 'JWT_SECRET',
    value: env.JWT_SECRET,
    dataDir: env.DATA_DIR,
    isProduction,
    generate: generateHexKey,
  });
  const dataKey = parseDataKey(
    await resolveSecret({
      name: 'DATA_ENCRYPTION_KEY',
      value: env.DATA_ENCRYPTION_KEY,
      dataDir: env.DATA_DIR,
      isProduction,
      generate: generateHexKey,
    }),
  );
  const previousDataKey = env.DATA_ENCRYPTION_KEY_PREVIOUS
    ? parseDataKey(env.DATA_ENCRYPTION_KEY_PREVIOUS, 'DATA_ENCRYPTION_KEY_PREVIOUS')
    : undefined;
  if (previousDataKey) logger.info('DATA_ENCRYPTION_KEY_PREVIOUS is set: values still sealed under it are read');
  const redis = env.REDIS_URL
    ? connectRedis(env.REDIS_URL, (error) => logger.warn({ err: error }, 'redis error'))
    : undefined;
  // Alone (not under the all-in-one launcher), core-api publishes to the shared bus itself: the live_events
  // log plus Redis pub/sub, which every back-office instance subscribes to.
  let ownBus: LiveEventBus | undefined;
  let publish = options.publish;
  if (!publish) {
    ownBus = createLiveEventBus({ db, redis, onError: (error) => logger.warn({ err: error }, 'live events') });
    publish = publisherFor(ownBus, (error) => logger.warn({ err: error }, 'live event not published'));
  }
  const metrics = new Registry();
  collectDefaultMetrics({ register: metrics });
  const readDb = env.DATABASE_READ_URL ? await openDb({ databaseUrl: env.DATABASE_READ_URL }) : db;
  const deps: CoreApiDeps = {
    env,
    db,
    readDb,
    facilityCatalog: createFacilityCatalog(readDb),
    practitionerCatalog: createPractitionerCatalog(readDb),
    insertTriageRecord: createTriageRecordInserter(db),
    logger,
    clock: options.clock ?? (() => new Date()),
    secrets: { jwtSecret, dataKey, previousDataKey },
    redis,
    metrics,
    publish,
  };
  await bootstrapAdmin(deps);
  if (env.SEED_DEMO_DATA) await seedDemoData(deps);
  const storageDeletions = scheduleStorageDeletions(deps);
  const { listener } = createCoreApiApp(deps);
  const server = createServer(listener);
  await new Promise<void>((resolve) => server.listen(env.API_PORT, resolve));
  const port = (server.address() as AddressInfo).port;
  logger.info({ port, engine: db.engine }, 'core-api listening');
  return {
    deps,
    server,
    url: `http://127.0.0.1:${port}`,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      storageDeletions.stop();
      await ownBus?.close();
      redis?.disconnect();
      if (readDb !== db) await readDb.close();
      if (!options.db) await db.close();
    },
  };
}
