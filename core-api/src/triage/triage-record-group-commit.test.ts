import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { promisify } from 'node:util';
import { openDb, type Queryable } from '@medlink/platform/db';
import { startTestCoreApi, type TestCoreApi } from '../../test/harness';
import { emergencyRecordFor, GATEWAY_PRINCIPAL, insertPatients } from '../../test/fixtures/triage-record-fixtures';
import { createTriageRecordInserter } from './triage.repository';

let api: TestCoreApi;
let gatewayToken: string;

beforeAll(async () => {
  api = await startTestCoreApi();
  gatewayToken = api.tokenFor(GATEWAY_PRINCIPAL);
});
afterAll(async () => {
  await api.close();
});

const finalAssessment = (patientId: string, complaintText?: string) => ({
  ageYears: 30,
  sex: 'male',
  findings: { convulsions: true },
  lang: 'en',
  patientId,
  channel: 'africastalking-ussd',
  ...(complaintText ? { complaintText } : {}),
});

/** The patient of each stored record, by record id. */
async function patientsOfRecords(recordIds: (string | undefined)[]): Promise<Map<string, string>> {
  const result = await api.deps.db.query<{ id: string; patient_id: string }>(
    'SELECT id, patient_id FROM triage_records WHERE id = ANY($1::uuid[])',
    [recordIds],
  );
  return new Map(result.rows.map((row) => [row.id, row.patient_id]));
}

async function countRecordsOf(patients: string[]): Promise<number> {
  const result = await api.deps.db.query('SELECT 1 FROM triage_records WHERE patient_id = ANY($1::uuid[])', [patients]);
  return result.rowCount;
}

/** The database, counting the statements it is given. */
function countingStatements(db: Queryable): { db: Queryable; statements: () => number } {
  let count = 0;
  return {
    db: {
      query: (sql, params, options) => {
        count += 1;
        return db.query(sql, params, options);
      },
      exec: (sql) => db.exec(sql),
    },
    statements: () => count,
  };
}

/** Fails the INSERT of any triage record whose complaint text is 'poison', as a bad row would. */
async function withPoisonedRows<T>(fn: () => Promise<T>): Promise<T> {
  await api.deps.db.exec(`
    CREATE FUNCTION refuse_poison() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF NEW.complaint_text = 'poison' THEN RAISE EXCEPTION 'poisoned triage record'; END IF;
      RETURN NEW;
    END $$;
    CREATE TRIGGER refuse_poison BEFORE INSERT ON triage_records FOR EACH ROW EXECUTE FUNCTION refuse_poison();`);
  try {
    return await fn();
  } finally {
    await api.deps.db.exec('DROP TRIGGER refuse_poison ON triage_records; DROP FUNCTION refuse_poison();');
  }
}

describe('group commit of triage records', () => {
  it('stores 200 concurrent assessments with their audit rows, each answer naming its own record', async () => {
    const patients = await insertPatients(api.deps.db, 200);
    const answers = await Promise.all(
      patients.map((patientId, index) =>
        api.call('POST', '/api/v1/triage/assess', {
          token: gatewayToken,
          body: finalAssessment(patientId),
          headers: { 'x-request-id': `group-commit-${index}` },
        }),
      ),
    );
    expect(answers.map((answer) => answer.status)).toEqual(patients.map(() => 200));
    const recordIds: string[] = answers.map((answer) => answer.body.triageRecordId);
    expect(new Set(recordIds).size).toBe(200);
    expect(await patientsOfRecords(recordIds)).toEqual(new Map(recordIds.map((id, index) => [id, patients[index]])));
    const audits = await api.deps.db.query<{ record_id: string; patient_id: string; request_id: string }>(
      `SELECT record_id, patient_id, origin->>'requestId' AS request_id FROM audit_log
        WHERE action = 'triage.record_created' AND record_id = ANY($1::text[])`,
      [recordIds],
    );
    expect(audits.rows).toHaveLength(200);
    for (const audit of audits.rows) {
      const index = recordIds.indexOf(audit.record_id);
      expect(audit).toEqual({
        record_id: recordIds[index],
        patient_id: patients[index],
        request_id: `group-commit-${index}`,
      });
    }
  });

  it('stores a complaint holding U+0000 (which jsonb cannot) without it, in the same batch as the others', async () => {
    const patients = await insertPatients(api.deps.db, 3);
    const complaints = ['fever', 'chest pain\u0000 at night', 'cough'];
    const answers = await Promise.all(
      patients.map((patientId, index) =>
        api.call('POST', '/api/v1/triage/assess', {
          token: gatewayToken,
          body: finalAssessment(patientId, complaints[index]),
        }),
      ),
    );
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200]);
    const stored = await api.deps.db.query<{ complaint_text: string }>(
      'SELECT complaint_text FROM triage_records WHERE id = ANY($1::uuid[]) ORDER BY complaint_text',
      [answers.map((answer) => answer.body.triageRecordId)],
    );
    expect(stored.rows.map((row) => row.complaint_text)).toEqual(['chest pain at night', 'cough', 'fever']);
  });

  it('stores the records that arrive together with one statement', async () => {
    const patients = await insertPatients(api.deps.db, 100);
    const counted = countingStatements(api.deps.db);
    const insert = createTriageRecordInserter(counted.db);
    const ids = await Promise.all(patients.map((patientId) => insert(emergencyRecordFor(patientId))));
    expect(counted.statements()).toBe(1);
    expect(await patientsOfRecords(ids)).toEqual(new Map(ids.map((id, index) => [id, patients[index]])));
  });

  it('answers undefined for an unknown patient and stores the rest of its batch', async () => {
    const patients = await insertPatients(api.deps.db, 4);
    const insert = createTriageRecordInserter(api.deps.db);
    const ids = await Promise.all(
      [...patients, randomUUID()].map((patientId) => insert(emergencyRecordFor(patientId))),
    );
    expect(ids[4]).toBeUndefined();
    expect(await patientsOfRecords(ids)).toEqual(new Map(patients.map((patientId, index) => [ids[index], patientId])));
  });

  it('when a batch fails, stores its records one by one: only the bad one fails, nothing is acknowledged unstored', async () => {
    const patients = await insertPatients(api.deps.db, 10);
    const counted = countingStatements(api.deps.db);
    const insert = createTriageRecordInserter(counted.db);
    const outcomes = await withPoisonedRows(() =>
      Promise.allSettled(
        patients.map((patientId, index) => insert(emergencyRecordFor(patientId, index === 3 ? 'poison' : null))),
      ),
    );
    expect(counted.statements()).toBe(1 + 10);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(
      patients.map((_, index) => (index === 3 ? 'rejected' : 'fulfilled')),
    );
    const acknowledged = outcomes.flatMap((outcome) => (outcome.status === 'fulfilled' ? [outcome.value] : []));
    expect(await patientsOfRecords(acknowledged)).toEqual(
      new Map(acknowledged.map((id, index) => [id, patients.filter((_, at) => at !== 3)[index]])),
    );
    expect(await countRecordsOf(patients)).toBe(9);
    const audited = await api.deps.db.query('SELECT 1 FROM audit_log WHERE record_id = ANY($1::text[])', [
      acknowledged,
    ]);
    expect(audited.rowCount).toBe(9);
  });

  it('answers the assessment whose record failed with a 500 problem, and the others of its batch with their record', async () => {
    const patients = await insertPatients(api.deps.db, 6);
    const answers = await withPoisonedRows(() =>
      Promise.all(
        patients.map((patientId, index) =>
          api.call('POST', '/api/v1/triage/assess', {
            token: gatewayToken,
            body: finalAssessment(patientId, index === 0 ? 'poison' : undefined),
          }),
        ),
      ),
    );
    expect(answers.map((answer) => answer.status)).toEqual([500, 200, 200, 200, 200, 200]);
    expect(answers[0]?.headers.get('content-type')).toContain('application/problem+json');
    expect(await countRecordsOf(patients)).toBe(5);
  });

  it('never stores a record twice when a batch committed but its answer was lost', async () => {
    const patients = await insertPatients(api.deps.db, 3);
    let answersLost = 1;
    const insert = createTriageRecordInserter({
      query: async <Row>(sql: string, params?: readonly unknown[], options?: { name?: string }) => {
        const result = await api.deps.db.query<Row>(sql, params, options);
        if (answersLost-- > 0) throw new Error('connection lost after the commit');
        return result;
      },
      exec: (sql) => api.deps.db.exec(sql),
    });
    const outcomes = await Promise.allSettled(patients.map((patientId) => insert(emergencyRecordFor(patientId))));
    // The retries fail on the ids the lost commit already stored: errors, and no second copy.
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(await countRecordsOf(patients)).toBe(3);
  });

  it('fails every record when the database is gone', async () => {
    const db = await openDb({ databaseUrl: api.deps.env.DATABASE_URL });
    const patients = await insertPatients(db, 3);
    const insert = createTriageRecordInserter(db);
    await db.close();
    const outcomes = await Promise.allSettled(patients.map((patientId) => insert(emergencyRecordFor(patientId))));
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['rejected', 'rejected', 'rejected']);
  });

  it('works on the embedded PGlite', async () => {
    const script = path.join(__dirname, '../../test/triage/store-triage-records-on-pglite.ts');
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', script]);
    const { patients, ids, records, audits } = JSON.parse(stdout) as {
      patients: string[];
      ids: (string | null)[];
      records: { id: string; patient_id: string; driving_findings: string[] }[];
      audits: { record_id: string; patient_id: string }[];
    };
    const expected = new Map(ids.slice(0, 50).map((id, index) => [id, patients[index]]));
    expect(ids[50]).toBeNull();
    expect(new Map(records.map((row) => [row.id, row.patient_id]))).toEqual(expected);
    expect(new Map(audits.map((row) => [row.record_id, row.patient_id]))).toEqual(expected);
    expect(records[0]?.driving_findings).toEqual(['convulsions']);
  }, 60_000);
});
