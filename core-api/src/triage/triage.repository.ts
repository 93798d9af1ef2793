import { randomUUID } from 'node:crypto';
import { auditRow, type AuditEntry } from '../shared/audit';
import { groupCalls } from '@medlink/platform/group-calls';
import { toJsonbText } from '@medlink/platform/postgres-text';
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

export interface AuditedTriageRecord {
  record: NewTriageRecord;
  audit: AuditEntry;
}

/** Stores a triage record with its audit row; resolves to the record's id, or undefined for no such patient. */
export type TriageRecordInserter = (entry: AuditedTriageRecord) => Promise<string | undefined>;

/**
 * Group commit of triage records: the assessments that finish while earlier records are being committed
 * are stored together by one statement. A caller is answered once its own record is committed; a failed
 * batch is stored again record by record (see groupCalls). Each record's id is chosen before its first
 * attempt, so a retried record whose first commit was in fact done fails on its id instead of being stored
 * twice.
 */
export function createTriageRecordInserter(db: Queryable): TriageRecordInserter {
  const insert = groupCalls((entries: IdentifiedTriageRecord[]) => insertTriageRecordsAudited(db, entries), {
    maxBatch: 200,
    maxInFlight: 2,
    onFailure: 'retry-one-by-one',
  });
  return (entry) => insert({ ...entry, id: randomUUID() });
}

type IdentifiedTriageRecord = AuditedTriageRecord & { id: string };

/**
 * Stores triage records and their audit rows in one statement (one round trip, atomic by itself), each if its
 * patient exists and is not erased; returns each record's id, or undefined for no such patient. The rows
 * travel as one JSON array because a record's driving findings are an array, which unnest cannot carry row
 * by row; a free-text complaint loses any U+0000, which jsonb cannot hold.
 */
async function insertTriageRecordsAudited(
  db: Queryable,
  entries: readonly IdentifiedTriageRecord[],
): Promise<(string | undefined)[]> {
  const rows = entries.map(({ id, record, audit }) => {
    const { actor_type, actor_id, action, record_type, outcome, origin, details } = auditRow(audit);
    return {
      id,
      patient_id: record.patientId,
      channel: record.channel,
      age_years: record.ageYears,
      sex: record.sex,
      pregnant: record.pregnant,
      findings: record.findings,
      complaint_text: record.complaintText,
      level: record.level,
      specialty: record.specialty,
      driving_findings: record.drivingFindings,
      protocol_version: record.protocolVersion,
      actor_type,
      actor_id,
      action,
      record_type,
      outcome,
      origin,
      details,
    };
  });
  const result = await db.query<{ id: string }>(
    `WITH input AS (
       SELECT * FROM jsonb_to_recordset($1::jsonb) AS v(
         id uuid, patient_id uuid, channel text, age_years numeric, sex text, pregnant boolean, findings jsonb,
         complaint_text text, level text, specialty text, driving_findings text[], protocol_version text,
         actor_type text, actor_id text, action text, record_type text, outcome text, origin jsonb, details jsonb)),
     record AS (
       INSERT INTO triage_records (id, patient_id, channel, age_years, sex, pregnant, findings, complaint_text, level, specialty, driving_findings, protocol_version)
       SELECT input.id, input.patient_id, input.channel, input.age_years, input.sex, input.pregnant, input.findings,
              input.complaint_text, input.level, input.specialty, input.driving_findings, input.protocol_version
         FROM input JOIN patients ON patients.id = input.patient_id AND patients.erased_at IS NULL
       RETURNING id, patient_id),
     audited AS (
       INSERT INTO audit_log (actor_type, actor_id, action, record_type, record_id, patient_id, outcome, origin, details)
       SELECT input.actor_type, input.actor_id, input.action, input.record_type, record.id, record.patient_id,
              input.outcome, input.origin, input.details
         FROM record JOIN input ON input.id = record.id)
     SELECT id FROM record`,
    [toJsonbText(rows)],
    { name: 'triage-records-insert-audited' },
  );
  const stored = new Set(result.rows.map((row) => row.id));
  return rows.map((row) => (stored.has(row.id) ? row.id : undefined));
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
