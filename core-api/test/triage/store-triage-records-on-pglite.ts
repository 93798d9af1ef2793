// Stores 50 triage records and one for an unknown patient through the group commit on an in-memory PGlite and
// prints, as JSON, what each call answered and what was stored. Run as a child process by
// triage-record-group-commit.test.ts, because PGlite loads its WASM through dynamic import(), which jest's
// module sandbox does not allow.
import { randomUUID } from 'node:crypto';
import { openDb } from '@medlink/platform/db';
import { migrateCoreSchema } from '../../src/start';
import { createTriageRecordInserter } from '../../src/triage/triage.repository';
import { emergencyRecordFor, insertPatients } from '../fixtures/triage-record-fixtures';

async function main(): Promise<void> {
  const db = await openDb({ dataDir: 'memory://' });
  try {
    await migrateCoreSchema(db);
    const patients = await insertPatients(db, 50);
    const insert = createTriageRecordInserter(db);
    const ids = await Promise.all(
      [...patients, randomUUID()].map((patientId) => insert(emergencyRecordFor(patientId))),
    );
    const records = await db.query('SELECT id, patient_id, driving_findings FROM triage_records');
    const audits = await db.query("SELECT record_id, patient_id FROM audit_log WHERE action = 'triage.record_created'");
    process.stdout.write(JSON.stringify({ patients, ids, records: records.rows, audits: audits.rows }));
  } finally {
    await db.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
