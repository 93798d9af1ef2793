import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { openDb, type Db } from '@medlink/platform/db';
import { createTestDatabase } from '@medlink/platform/test-db';
import { migrateCoreSchema } from '@medlink/core-api/start';

const run = promisify(execFile);
const backupScript = path.join(__dirname, '..', 'backup', 'backup.sh');
const restoreScript = path.join(__dirname, '..', 'backup', 'restore.sh');

async function fingerprint(db: Db): Promise<Record<string, string>> {
  const tables = await db.query<{ relname: string }>(
    "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind = 'r' AND n.nspname = 'public' ORDER BY 1",
  );
  const result: Record<string, string> = {};
  for (const { relname } of tables.rows) {
    const rows = await db.query<{ digest: string | null }>(
      `SELECT md5(string_agg(t::text, '|' ORDER BY t::text)) AS digest FROM "${relname}" t`,
    );
    result[relname] = rows.rows[0]?.digest ?? 'empty';
  }
  return result;
}

describe('backup and restore', () => {
  it('restores every row of every table into a fresh database', async () => {
    const source = await createTestDatabase();
    const target = await createTestDatabase();
    const dir = await mkdtemp(path.join(tmpdir(), 'medlink-backup-'));
    const sourceDb = await openDb({ databaseUrl: source.url });
    const targetDb = await openDb({ databaseUrl: target.url });
    try {
      await migrateCoreSchema(sourceDb);
      await sourceDb.exec(`
        INSERT INTO patients (id, preferred_language, consent_version, consent_at, consent_channel)
          VALUES ('00000000-0000-4000-8000-000000000001', 'fr', 'v1', now(), 'africastalking-ussd');
        INSERT INTO patient_identities (patient_id, kind, address) VALUES ('00000000-0000-4000-8000-000000000001', 'phone', '+221770000001');
        INSERT INTO facilities (name, type, country, country_iso3, lat, lon, services, opening_hours)
          VALUES ('Centre de Santé Test', 'health_centre', 'Senegal', 'SEN', 14.69, -17.44, '{outpatient,maternity}', '{"mon":[["08:00","17:00"]]}');
        INSERT INTO messages (direction, channel, contact_address, body, status, provider_message_id)
          VALUES ('in', 'africastalking-sms', '+221770000001', 'Bonjour, j''ai de la fièvre 🤒', 'received', 'ATXid_1');
        INSERT INTO audit_log (actor_type, action) VALUES ('system', 'test.seed');
      `);
      const before = await fingerprint(sourceDb);
      const { stdout } = await run(backupScript, [source.url, dir]);
      const dumpFile = stdout.trim().split('\n').at(-1) ?? '';
      await run(restoreScript, [dumpFile, target.url]);
      expect(await fingerprint(targetDb)).toEqual(before);
      expect(before.messages).not.toBe('empty');
    } finally {
      await sourceDb.close();
      await targetDb.close();
      await source.drop();
      await target.drop();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
