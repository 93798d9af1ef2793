import { auditValues, type AuditEntry } from '../shared/audit';
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

/**
 * Stores a triage record and its audit row in one statement (one round trip, atomic by itself), if the
 * patient exists and is not erased; returns the record's id, or undefined for no such patient.
 */
export async function insertTriageRecordAudited(
  db: Queryable,
  record: NewTriageRecord,
  audit: AuditEntry,
): Promise<string | undefined> {
  const [actorType, actorId, action, recordType, , , outcome, origin, details] = auditValues(audit);
  const result = await db.query<{ id: string }>(
    `WITH active AS (SELECT id FROM patients WHERE id = $1 AND erased_at IS NULL),
     record AS (
       INSERT INTO triage_records (patient_id, channel, age_years, sex, pregnant, findings, complaint_text, level, specialty, driving_findings, protocol_version)
       SELECT active.id, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11 FROM active RETURNING id, patient_id),
     audited AS (
       INSERT INTO audit_log (actor_type, actor_id, action, record_type, record_id, patient_id, outcome, origin, details)
       SELECT $12, $13, $14, $15, record.id, record.patient_id, $16, $17, $18 FROM record)
     SELECT id FROM record`,
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
      actorType,
      actorId,
      action,
      recordType,
      outcome,
      origin,
      details,
    ],
    { name: 'triage-record-insert-audited' },
  );
  return result.rows[0]?.id;
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
