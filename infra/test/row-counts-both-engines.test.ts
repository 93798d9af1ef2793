import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { createTestDatabase } from '@medlink/platform/test-db';

const run = promisify(execFile);
const root = path.join(__dirname, '..', '..');

async function countRows(databaseUrl?: string) {
  const args = ['--import', 'tsx', 'infra/test/count-rows.ts', ...(databaseUrl ? [databaseUrl] : [])];
  const { stdout } = await run(process.execPath, args, { cwd: root });
  return JSON.parse(stdout) as { engine: string; direct: unknown; inTransaction: unknown };
}

describe('rowCount', () => {
  // Repositories ask "does it exist?" with `SELECT 1 ... WHERE id = $1` and read rowCount: on the embedded
  // database it was 0 for every SELECT, so `npm start` refused every booking ("Patient not found").
  it('means the same on PGlite (embedded) as on PostgreSQL: the rows a SELECT or RETURNING gave, else the rows changed', async () => {
    const database = await createTestDatabase();
    try {
      const [onPostgres, onPglite] = await Promise.all([countRows(database.url), countRows()]);
      const expected = {
        inserted: 3,
        selected: 2,
        selectedNone: 0,
        conflicting: 0,
        updated: 2,
        updatedNone: 0,
        returned: 2,
        deleted: 1,
        cleared: 2,
      };
      expect(onPostgres).toEqual({ engine: 'postgres', direct: expected, inTransaction: expected });
      expect(onPglite).toEqual({ engine: 'pglite', direct: expected, inTransaction: expected });
    } finally {
      await database.drop();
    }
  }, 120_000);
});
