import type { Queryable } from '@medlink/platform/db';

export interface InboxRow {
  id: string;
  patient_id: string;
  patient_display_name: string | null;
  status: string;
  channel: string;
  subject: string | null;
  specialty: string | null;
  triage_level: string | null;
  last_activity_at: Date;
  sort_key: string;
  unread_count: number;
  last_direction: string | null;
  last_preview: string | null;
  last_message_at: Date | null;
  my_role: 'owner' | 'invited' | null;
  owner_practitioner_id: string | null;
}

export interface InboxFilter {
  /** Unset for an admin: every consultation. */
  practitionerId?: string;
  waitingForMe?: boolean;
  level?: string;
  channel?: string;
  status?: string;
  after?: { sortKey: string; id: string };
  limit: number;
}

/**
 * Newest activity first. Unread = the patient's messages after the caller's last_read_at. "Waiting for
 * me" = I own it, it is pending or open, and the last message in it is the patient's.
 */
export async function findInbox(db: Queryable, filter: InboxFilter): Promise<InboxRow[]> {
  const params: unknown[] = [filter.practitionerId ?? null];
  const conditions = [`($1::uuid IS NULL OR (cp.practitioner_id IS NOT NULL AND cp.left_at IS NULL))`];
  const add = (sql: string, value: unknown) => {
    params.push(value);
    conditions.push(sql.replace('?', `$${params.length}`));
  };
  if (filter.waitingForMe)
    conditions.push(`cp.role = 'owner' AND c.status IN ('pending', 'open') AND lm.direction = 'in'`);
  if (filter.level) add('tr.level = ?', filter.level);
  if (filter.channel) add('c.channel = ?', filter.channel);
  if (filter.status) add('c.status = ?', filter.status);
  if (filter.after) {
    params.push(filter.after.sortKey, filter.after.id);
    conditions.push(`(c.last_activity_at, c.id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
  }
  params.push(filter.limit + 1);
  const result = await db.query<InboxRow>(
    `SELECT c.id, c.patient_id, pa.display_name AS patient_display_name, c.status, c.channel, c.subject, c.specialty,
       tr.level AS triage_level, c.last_activity_at, c.last_activity_at::text AS sort_key,
       (SELECT count(*) FROM messages um WHERE um.consultation_id = c.id AND um.direction = 'in'
          AND um.created_at > coalesce(cp.last_read_at, '-infinity'::timestamptz))::int AS unread_count,
       lm.direction AS last_direction, left(lm.body, 120) AS last_preview, lm.created_at AS last_message_at,
       cp.role AS my_role,
       (SELECT o.practitioner_id FROM consultation_participants o WHERE o.consultation_id = c.id AND o.role = 'owner' AND o.left_at IS NULL LIMIT 1) AS owner_practitioner_id
     FROM consultations c
     JOIN patients pa ON pa.id = c.patient_id
     LEFT JOIN consultation_participants cp ON cp.consultation_id = c.id AND cp.practitioner_id = $1
     LEFT JOIN triage_records tr ON tr.id = c.triage_record_id
     LEFT JOIN LATERAL (SELECT m.direction, m.body, m.created_at FROM messages m WHERE m.consultation_id = c.id
                        ORDER BY m.created_at DESC, m.id DESC LIMIT 1) lm ON true
     WHERE ${conditions.join(' AND ')}
     ORDER BY c.last_activity_at DESC, c.id DESC
     LIMIT $${params.length}`,
    params,
  );
  return result.rows;
}

export interface PatientSummaryRow {
  id: string;
  display_name: string | null;
  preferred_language: string;
  birth_year: number | null;
  sex: string | null;
  opted_out_at: Date | null;
}

export async function findPatientSummary(db: Queryable, patientId: string): Promise<PatientSummaryRow | undefined> {
  const result = await db.query<PatientSummaryRow>(
    `SELECT id, display_name, preferred_language, birth_year, sex, opted_out_at FROM patients WHERE id = $1`,
    [patientId],
  );
  return result.rows[0];
}

export interface TriageRow {
  id: string;
  channel: string | null;
  level: string;
  specialty: string | null;
  driving_findings: string[];
  complaint_text: string | null;
  findings: Record<string, unknown>;
  protocol_version: string;
  created_at: Date;
}

export async function findTriageRecordsOfPatient(db: Queryable, patientId: string): Promise<TriageRow[]> {
  const result = await db.query<TriageRow>(
    `SELECT id, channel, level, specialty, driving_findings, complaint_text, findings, protocol_version, created_at
     FROM triage_records WHERE patient_id = $1 ORDER BY created_at, id`,
    [patientId],
  );
  return result.rows;
}

export interface AppointmentRow {
  id: string;
  practitioner_id: string;
  practitioner_name: string;
  facility_id: string | null;
  mode: string;
  specialty: string | null;
  starts_at: Date;
  ends_at: Date;
  status: string;
  created_at: Date;
}

export async function findAppointmentsOfPatient(db: Queryable, patientId: string): Promise<AppointmentRow[]> {
  const result = await db.query<AppointmentRow>(
    `SELECT a.id, a.practitioner_id, p.full_name AS practitioner_name, a.facility_id, a.mode, a.specialty, a.starts_at, a.ends_at, a.status, a.created_at
     FROM appointments a JOIN practitioners p ON p.id = a.practitioner_id WHERE a.patient_id = $1 ORDER BY a.created_at, a.id`,
    [patientId],
  );
  return result.rows;
}
