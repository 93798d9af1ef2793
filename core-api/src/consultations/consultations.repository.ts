import type { Queryable } from '@medlink/platform/db';

export type ConsultationStatus = 'pending' | 'open' | 'snoozed' | 'resolved';

export interface ConsultationRow {
  id: string;
  patient_id: string;
  status: ConsultationStatus;
  channel: string;
  subject: string | null;
  specialty: string | null;
  triage_record_id: string | null;
  appointment_id: string | null;
  last_activity_at: Date;
  last_patient_message_at: Date | null;
  created_at: Date;
  owner_practitioner_id: string | null;
}

const CONSULTATION_COLUMNS = `c.id, c.patient_id, c.status, c.channel, c.subject, c.specialty, c.triage_record_id, c.appointment_id,
  c.last_activity_at, c.last_patient_message_at, c.created_at,
  (SELECT o.practitioner_id FROM consultation_participants o WHERE o.consultation_id = c.id AND o.role = 'owner' AND o.left_at IS NULL LIMIT 1) AS owner_practitioner_id`;

export async function findConsultation(
  db: Queryable,
  id: string,
  options: { lock?: boolean } = {},
): Promise<ConsultationRow | undefined> {
  const result = await db.query<ConsultationRow>(
    `SELECT ${CONSULTATION_COLUMNS} FROM consultations c WHERE c.id = $1 ${options.lock ? 'FOR UPDATE OF c' : ''}`,
    [id],
  );
  return result.rows[0];
}

export async function findLiveConsultationOfPatient(
  db: Queryable,
  patientId: string,
): Promise<ConsultationRow | undefined> {
  const result = await db.query<ConsultationRow>(
    `SELECT ${CONSULTATION_COLUMNS} FROM consultations c WHERE c.patient_id = $1 AND c.status <> 'resolved' FOR UPDATE OF c`,
    [patientId],
  );
  return result.rows[0];
}

export async function insertConsultation(
  db: Queryable,
  input: {
    patientId: string;
    status: ConsultationStatus;
    channel: string;
    subject: string | null;
    specialty: string | null;
    triageRecordId: string | null;
    appointmentId: string | null;
  },
): Promise<string> {
  const result = await db.query<{ id: string }>(
    `INSERT INTO consultations (patient_id, status, channel, subject, specialty, triage_record_id, appointment_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
    [
      input.patientId,
      input.status,
      input.channel,
      input.subject,
      input.specialty,
      input.triageRecordId,
      input.appointmentId,
    ],
  );
  const row = result.rows[0];
  if (!row) throw new Error('insert returned no row');
  return row.id;
}

/** A newer triage or appointment replaces the older link; the patient's latest channel becomes the reply channel. */
export async function updateConsultationOnPatientMessage(
  db: Queryable,
  input: {
    id: string;
    channel: string;
    triageRecordId: string | null;
    appointmentId: string | null;
    specialty: string | null;
    patientMessageAt: Date | null;
  },
): Promise<void> {
  await db.query(
    `UPDATE consultations SET channel = $2,
       triage_record_id = coalesce($3, triage_record_id), appointment_id = coalesce($4, appointment_id), specialty = coalesce(specialty, $5),
       last_patient_message_at = coalesce($6, last_patient_message_at),
       last_activity_at = now(),
       status = CASE WHEN status = 'snoozed' THEN 'open' ELSE status END
     WHERE id = $1`,
    [input.id, input.channel, input.triageRecordId, input.appointmentId, input.specialty, input.patientMessageAt],
  );
}

export async function touchConsultation(db: Queryable, id: string): Promise<void> {
  await db.query(
    `UPDATE consultations SET last_activity_at = now(), status = CASE WHEN status = 'pending' THEN 'open' ELSE status END WHERE id = $1`,
    [id],
  );
}

export async function updateConsultationStatus(db: Queryable, id: string, status: ConsultationStatus): Promise<void> {
  await db.query(`UPDATE consultations SET status = $2, last_activity_at = now() WHERE id = $1`, [id, status]);
}

export interface ParticipantRow {
  practitioner_id: string;
  full_name: string;
  role: 'owner' | 'invited';
  invited_by: string | null;
  joined_at: Date;
  left_at: Date | null;
  last_read_at: Date | null;
}

export async function findParticipants(db: Queryable, consultationId: string): Promise<ParticipantRow[]> {
  const result = await db.query<ParticipantRow>(
    `SELECT cp.practitioner_id, p.full_name, cp.role, cp.invited_by, cp.joined_at, cp.left_at, cp.last_read_at
     FROM consultation_participants cp JOIN practitioners p ON p.id = cp.practitioner_id
     WHERE cp.consultation_id = $1 ORDER BY cp.joined_at, cp.practitioner_id`,
    [consultationId],
  );
  return result.rows;
}

export async function findActiveParticipantIds(db: Queryable, consultationId: string): Promise<string[]> {
  const result = await db.query<{ practitioner_id: string }>(
    `SELECT practitioner_id FROM consultation_participants WHERE consultation_id = $1 AND left_at IS NULL ORDER BY practitioner_id`,
    [consultationId],
  );
  return result.rows.map((row) => row.practitioner_id);
}

export async function findActiveParticipant(
  db: Queryable,
  consultationId: string,
  practitionerId: string,
): Promise<ParticipantRow | undefined> {
  const result = await db.query<ParticipantRow>(
    `SELECT cp.practitioner_id, p.full_name, cp.role, cp.invited_by, cp.joined_at, cp.left_at, cp.last_read_at
     FROM consultation_participants cp JOIN practitioners p ON p.id = cp.practitioner_id
     WHERE cp.consultation_id = $1 AND cp.practitioner_id = $2 AND cp.left_at IS NULL`,
    [consultationId, practitionerId],
  );
  return result.rows[0];
}

/** Adds an invited participant, or brings back one who left; false when they already take part. */
export async function insertInvitedParticipant(
  db: Queryable,
  input: { consultationId: string; practitionerId: string; invitedBy: string | null },
): Promise<boolean> {
  const result = await db.query(
    `INSERT INTO consultation_participants (consultation_id, practitioner_id, role, invited_by) VALUES ($1, $2, 'invited', $3)
     ON CONFLICT (consultation_id, practitioner_id) DO UPDATE SET role = 'invited', left_at = NULL, joined_at = now(), invited_by = EXCLUDED.invited_by
     WHERE consultation_participants.left_at IS NOT NULL`,
    [input.consultationId, input.practitionerId, input.invitedBy],
  );
  return result.rowCount > 0;
}

export async function setOwner(db: Queryable, consultationId: string, practitionerId: string): Promise<void> {
  await db.query(
    `INSERT INTO consultation_participants (consultation_id, practitioner_id, role) VALUES ($1, $2, 'owner')
     ON CONFLICT (consultation_id, practitioner_id) DO UPDATE SET role = 'owner', left_at = NULL`,
    [consultationId, practitionerId],
  );
}

/** The previous owner stays on the case as an invited participant, so they keep its history. */
export async function demoteOwner(db: Queryable, consultationId: string): Promise<void> {
  await db.query(
    `UPDATE consultation_participants SET role = 'invited' WHERE consultation_id = $1 AND role = 'owner'`,
    [consultationId],
  );
}

export async function markRead(
  db: Queryable,
  consultationId: string,
  practitionerId: string,
): Promise<Date | undefined> {
  const result = await db.query<{ last_read_at: Date }>(
    `UPDATE consultation_participants SET last_read_at = now() WHERE consultation_id = $1 AND practitioner_id = $2 RETURNING last_read_at`,
    [consultationId, practitionerId],
  );
  return result.rows[0]?.last_read_at;
}

export interface ActivityRow {
  id: string;
  kind: string;
  actor_type: string;
  actor_id: string | null;
  practitioner_id: string | null;
  details: Record<string, unknown>;
  created_at: Date;
}

export async function insertActivity(
  db: Queryable,
  input: {
    consultationId: string;
    kind: string;
    actorType: 'user' | 'client' | 'system';
    actorId: string | null;
    practitionerId?: string | null;
    details?: Record<string, unknown>;
  },
): Promise<void> {
  await db.query(
    `INSERT INTO consultation_activities (consultation_id, kind, actor_type, actor_id, practitioner_id, details) VALUES ($1, $2, $3, $4, $5, $6)`,
    [
      input.consultationId,
      input.kind,
      input.actorType,
      input.actorId,
      input.practitionerId ?? null,
      JSON.stringify(input.details ?? {}),
    ],
  );
}

export async function findActivities(db: Queryable, consultationId: string): Promise<ActivityRow[]> {
  const result = await db.query<ActivityRow>(
    `SELECT id, kind, actor_type, actor_id, practitioner_id, details, created_at FROM consultation_activities WHERE consultation_id = $1 ORDER BY created_at, id`,
    [consultationId],
  );
  return result.rows;
}

export interface RoutingCandidateRow {
  id: string;
  specialties: string[];
  languages: string[];
  open_load: number;
}

/** Verified practitioners who consult remotely and can sign in, with their count of live owned consultations. */
export async function findRoutingCandidates(db: Queryable, specialty: string): Promise<RoutingCandidateRow[]> {
  await db.query(`SELECT pg_advisory_xact_lock(hashtext('medlink:consultation-routing'))`);
  const result = await db.query<RoutingCandidateRow>(
    `SELECT p.id, p.specialties, p.languages,
       (SELECT count(*) FROM consultation_participants cp JOIN consultations c ON c.id = cp.consultation_id
        WHERE cp.practitioner_id = p.id AND cp.role = 'owner' AND cp.left_at IS NULL AND c.status <> 'resolved')::int AS open_load
     FROM practitioners p JOIN users u ON u.id = p.user_id
     WHERE p.verification_status = 'verified' AND p.offers_remote AND u.disabled_at IS NULL
       AND p.specialties && ARRAY[$1, 'general']::text[]`,
    [specialty],
  );
  return result.rows;
}

export async function isVerifiedPractitioner(db: Queryable, practitionerId: string): Promise<boolean> {
  const result = await db.query(
    `SELECT 1 FROM practitioners p JOIN users u ON u.id = p.user_id
     WHERE p.id = $1 AND p.verification_status = 'verified' AND u.disabled_at IS NULL`,
    [practitionerId],
  );
  return result.rowCount > 0;
}

export async function findTriageRecordOfPatient(
  db: Queryable,
  id: string,
  patientId: string,
): Promise<{ id: string; specialty: string | null } | undefined> {
  const result = await db.query<{ id: string; specialty: string | null }>(
    `SELECT id, specialty FROM triage_records WHERE id = $1 AND patient_id = $2`,
    [id, patientId],
  );
  return result.rows[0];
}

export async function isAppointmentOfPatient(db: Queryable, id: string, patientId: string): Promise<boolean> {
  const result = await db.query(`SELECT 1 FROM appointments WHERE id = $1 AND patient_id = $2`, [id, patientId]);
  return result.rowCount > 0;
}
