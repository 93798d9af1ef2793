// Migrates a database (PostgreSQL when a URL is given, else an in-memory PGlite) twice and prints, as JSON,
// what each run applied and the resulting schema. Run as a child process by migrations-both-engines.test.ts,
// because PGlite loads its WASM through dynamic import(), which jest's module sandbox does not allow.
import { openDb, type Db } from '@medlink/platform/db';
import { migrateCoreSchema } from '@medlink/core-api/start';
import { migrateGatewaySchema } from '@medlink/bot-gateway/start';

async function describeSchema(db: Db): Promise<Record<string, string[]>> {
  const lines = async (sql: string) => (await db.query<{ line: string }>(sql)).rows.map((row) => row.line);
  return {
    columns: await lines(
      `SELECT table_name || '.' || column_name || ' ' || data_type || CASE WHEN is_nullable = 'NO' THEN ' not null' ELSE '' END AS line
         FROM information_schema.columns WHERE table_schema = 'public' ORDER BY 1`,
    ),
    indexes: await lines(
      `SELECT tablename || ' ' || indexname AS line FROM pg_indexes WHERE schemaname = 'public' ORDER BY 1`,
    ),
    constraints: await lines(
      `SELECT conrelid::regclass::text || ' ' || conname || ' ' || contype::text AS line
         FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
        -- PostgreSQL 18 (PGlite) also lists NOT NULL as constraints ('n'); 15 does not. Columns carry nullability.
        WHERE n.nspname = 'public' AND c.contype <> 'n' ORDER BY 1`,
    ),
    migrations: await lines(
      `SELECT migration_set || '/' || name || ' ' || checksum AS line FROM schema_migrations ORDER BY 1`,
    ),
  };
}

async function main(): Promise<void> {
  const databaseUrl = process.argv[2];
  const db = await openDb(databaseUrl ? { databaseUrl } : { dataDir: 'memory://' });
  try {
    const firstRun = [...(await migrateCoreSchema(db)), ...(await migrateGatewaySchema(db))];
    const secondRun = [...(await migrateCoreSchema(db)), ...(await migrateGatewaySchema(db))];
    process.stdout.write(JSON.stringify({ engine: db.engine, firstRun, secondRun, schema: await describeSchema(db) }));
  } finally {
    await db.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
