import { openDb } from '@medlink/platform/db';
import { readCoreApiEnv } from '../env';
import { migrateCoreSchema } from '../start';
import { loadFacilities, resolveFacilityFile } from './load-facilities';

/**
 * `node --import tsx core-api/src/seed/load-facilities-cli.ts [--all | --limit N] [--file F]` on DATABASE_URL:
 * migrates, then loads the facility file (for benchmarks: `--all` takes all 98,745 rows).
 */
async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const env = readCoreApiEnv();
  if (!env.DATABASE_URL) throw new Error('DATABASE_URL must be set');
  const limitArg = args.indexOf('--limit');
  const fileArg = args.indexOf('--file');
  const limit = args.includes('--all') ? 0 : limitArg >= 0 ? Number(args[limitArg + 1]) : env.DEMO_FACILITY_LIMIT;
  if (!Number.isInteger(limit) || limit < 0) throw new Error('--limit must be a whole number');
  const file =
    fileArg >= 0 && args[fileArg + 1] ? String(args[fileArg + 1]) : resolveFacilityFile(env.FACILITY_DATA_FILE);
  const db = await openDb({ databaseUrl: env.DATABASE_URL });
  try {
    await migrateCoreSchema(db);
    const started = Date.now();
    const report = await loadFacilities(db, { file, limit });
    console.log(JSON.stringify({ ...report, seconds: (Date.now() - started) / 1000 }, null, 2));
  } finally {
    await db.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
