import { Client } from 'pg';
import { openDb, type Db } from '@medlink/platform/db';
import { createTestDatabase } from '@medlink/platform/test-db';
import { migrateCoreSchema } from '../../core-api/src/start';
import { DEFAULT_FACILITY_FILE, loadFacilities } from '../../core-api/src/seed/load-facilities';
import { generatePractitioners } from './generate-practitioners';

export interface BenchDatabase {
  url: string;
  db: Db;
  /** null when an existing database was reused (nothing was loaded). */
  load: { rows: number; inserted: number; loadSeconds: number; practitionerSeconds: number } | null;
  close: () => Promise<void>;
}

/**
 * A fresh database, dropped afterwards; or, with `keepName`, a kept one that is created and loaded on the
 * first run and reused (only migrated) on later ones, so profiling runs skip the minute of loading.
 */
export async function prepareBenchDatabase(options: {
  keepName?: string;
  practitioners: number;
}): Promise<BenchDatabase> {
  const adminUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  let url: string;
  let drop: (() => Promise<void>) | undefined;
  let exists = false;
  if (options.keepName) {
    if (!/^[a-z_][a-z0-9_]{0,40}$/.test(options.keepName))
      throw new Error('--database: lower-case letters, digits and _ only');
    const admin = new Client({ connectionString: adminUrl });
    await admin.connect();
    try {
      exists = (await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [options.keepName])).rows.length > 0;
      if (!exists) await admin.query(`CREATE DATABASE ${options.keepName}`);
    } finally {
      await admin.end();
    }
    const parsed = new URL(adminUrl);
    parsed.pathname = `/${options.keepName}`;
    url = parsed.toString();
  } else {
    const created = await createTestDatabase();
    url = created.url;
    drop = created.drop;
  }
  const db = await openDb({ databaseUrl: url, poolSize: 4 });
  await migrateCoreSchema(db);
  const loaded = exists
    ? ((await db.query<{ n: number }>('SELECT count(*)::int AS n FROM practitioners')).rows[0]?.n ?? 0)
    : 0;
  let load: BenchDatabase['load'] = null;
  if (loaded < options.practitioners) {
    let started = performance.now();
    const report = await loadFacilities(db, { file: DEFAULT_FACILITY_FILE, limit: 0 });
    const loadSeconds = (performance.now() - started) / 1000;
    started = performance.now();
    await generatePractitioners(db, options.practitioners);
    const practitionerSeconds = (performance.now() - started) / 1000;
    load = { rows: report.rows, inserted: report.inserted, loadSeconds, practitionerSeconds };
  }
  await db.exec('VACUUM ANALYZE');
  return {
    url,
    db,
    load,
    async close() {
      await db.close();
      await drop?.();
    },
  };
}
