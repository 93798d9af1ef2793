// `npm start`: the whole platform in one process on the embedded defaults (PGlite, in-process queue,
// sessions and Socket.IO adapter), or against PostgreSQL and Redis when DATABASE_URL / REDIS_URL are set.
// One process, because an embedded PGlite database can only be opened by one process at a time.
import path from 'node:path';
import { openDb } from '@medlink/platform/db';
import { createLogger } from '@medlink/platform/logger';
import { readCoreApiEnv } from '@medlink/core-api/env';
import { startCoreApi } from '@medlink/core-api/start';

async function main(): Promise<void> {
  const coreEnv = readCoreApiEnv();
  const logger = createLogger({ service: 'medlink', level: coreEnv.LOG_LEVEL });
  const db = await openDb({ databaseUrl: coreEnv.DATABASE_URL, dataDir: path.join(coreEnv.DATA_DIR, 'pglite') });
  const coreApi = await startCoreApi({ env: coreEnv, db, logger: logger.child({ component: 'core-api' }) });
  const stops = [coreApi.close];

  logger.info({ coreApi: coreApi.url, engine: db.engine }, 'MedLink is running');
  const shutdown = async () => {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
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
