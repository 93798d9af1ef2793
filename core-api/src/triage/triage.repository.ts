import type { Queryable } from '@medlink/platform/db';
import type { Cursor } from '../shared/pagination';

export interface NewTriageRecord {
  patientId: string;
  channel: string | null;
  ageYears: number;
  sex: string;
  pregnant: boolean;
  findings: Record<string, boolean>;
  complaintText: string | null;
  level: string;
  specialty: string;
  drivingFindings: string[];
  protocolVersion: string;
}

export interface TriageRecordRow {
  id: string;
  patient_id: string;
  channel: string | null;
  age_years: string | null;
  sex: string | null;
  pregnant: boolean | null;
  findings: unknown;
  level: string;
  specialty: string | null;
  driving_findings: string[];
  protocol_version: string;
  created_at: Date;
  /** created_at as PostgreSQL text: exact to the microsecond, for the page cursor. */
  created_key: string;
}

export async function isPatientActive(db: Queryable, patientId: string): Promise<boolean> {
  const result = await db.query('SELECT 1 FROM patients WHERE id = $1 AND erased_at IS NULL', [patientId]);
  return result.rowCount > 0;
}

export async function insertTriageRecord(db: Queryable, record: NewTriageRecord): Promise<string> {
  const result = await db.query<{ id: string }>(
    `INSERT INTO triage_records (patient_id, channel, age_years, sex, pregnant, findings, complaint_text, level, specialty, driving_findings, protocol_version)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
    [
      record.patientId,
      record.channel,
      record.ageYears,
      record.sex,
      record.pregnant,
      JSON.stringify(record.findings),
      record.complaintText,
      record.level,
      record.specialty,
      record.drivingFindings,
      record.protocolVersion,
    ],
  );
  const [row] = result.rows;
  if (!row) throw new Error('triage record insert returned no row');
  return row.id;
}

/** Newest first; `limit + 1` rows so the caller knows whether there is a next page. */
export async function findTriageRecordsOfPatient(
  db: Queryable,
  options: { patientId: string; limit: number; after?: Cursor },
): Promise<TriageRecordRow[]> {
  const params: unknown[] = [options.patientId, options.limit + 1];
  let keyset = '';
  if (options.after) {
    params.push(options.after.sortKey, options.after.id);
    keyset = 'AND (created_at, id) < ($3::timestamptz, $4::uuid)';
  }
  const result = await db.query<TriageRecordRow>(
    `SELECT id, patient_id, channel, age_years, sex, pregnant, findings, level, specialty, driving_findings, protocol_version, created_at, created_at::text AS created_key
       FROM triage_records
      WHERE patient_id = $1 ${keyset}
      ORDER BY created_at DESC, id DESC
      LIMIT $2`,
    params,
  );
  return result.rows;
}
