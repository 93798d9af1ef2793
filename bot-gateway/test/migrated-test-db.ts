import { migrateCoreSchema } from '@medlink/core-api/start';
import { openDb, type Db } from '@medlink/platform/db';
import { createTestDatabase } from '@medlink/platform/test-db';
import { migrateGatewaySchema } from '../src/start';

/**
 * A fresh PostgreSQL database with core-api's and the gateway's schemas, for tests that work on the tables
 * directly (`url` for a second process on it); `close` closes the pool and drops the database.
 */
export async function openMigratedTestDb(
  options: { poolSize?: number } = {},
): Promise<{ db: Db; url: string; close: () => Promise<void> }> {
  const database = await createTestDatabase();
  const db = await openDb({ databaseUrl: database.url, poolSize: options.poolSize });
  await migrateCoreSchema(db);
  await migrateGatewaySchema(db);
  return {
    db,
    url: database.url,
    async close() {
      await db.close();
      await database.drop();
    },
  };
}
