import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { createTestDatabase } from '@medlink/platform/test-db';

const run = promisify(execFile);
const root = path.join(__dirname, '..', '..');

interface MigratedSchema {
  engine: string;
  firstRun: string[];
  secondRun: string[];
  schema: Record<string, string[]>;
}

async function migrate(databaseUrl?: string): Promise<MigratedSchema> {
  const args = ['--import', 'tsx', 'infra/test/describe-migrated-schema.ts', ...(databaseUrl ? [databaseUrl] : [])];
  const { stdout } = await run(process.execPath, args, { cwd: root, maxBuffer: 16 * 1024 * 1024 });
  return JSON.parse(stdout) as MigratedSchema;
}

describe('migrations', () => {
  it('build the same schema on PGlite (embedded) and on PostgreSQL 15, and a second run applies nothing', async () => {
    const database = await createTestDatabase();
    try {
      const [onPostgres, onPglite] = await Promise.all([migrate(database.url), migrate()]);
      expect([onPostgres.engine, onPglite.engine]).toEqual(['postgres', 'pglite']);
      expect(onPglite.firstRun).toEqual(onPostgres.firstRun);
      expect(onPostgres.firstRun.length).toBeGreaterThan(5);
      expect(onPglite.schema).toEqual(onPostgres.schema);
      expect(onPostgres.schema.constraints).toContainEqual(expect.stringContaining('appointments_no_overlap x'));
      expect([onPostgres.secondRun, onPglite.secondRun]).toEqual([[], []]);
    } finally {
      await database.drop();
    }
  }, 120_000);
});
