import type { Queryable } from '@medlink/platform/db';
import type { Cursor } from '../shared/pagination';
import type { AppointmentStatus } from './appointment-transitions';

export interface AppointmentRecord {
  id: string;
  practitionerId: string;
  patientId: string;
  facilityId: string | null;
  mode: 'in_person' | 'remote';
  specialty: string | null;
  reason: string | null;
  triageRecordId: string | null;
  startsAt: Date;
  endsAt: Date;
  status: AppointmentStatus;
  statusReason: string | null;
  bookedVia: string | null;
  createdAt: Date;
  updatedAt: Date;
}

interface AppointmentRow {
  id: string;
  practitioner_id: string;
  patient_id: string;
  facility_id: string | null;
  mode: 'in_person' | 'remote';
  specialty: string | null;
  reason: string | null;
  triage_record_id: string | null;
  starts_at: Date;
  ends_at: Date;
  status: AppointmentStatus;
  status_reason: string | null;
  booked_via: string | null;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = `id, practitioner_id, patient_id, facility_id, mode, specialty, reason, triage_record_id, starts_at, ends_at,
  status, status_reason, booked_via, created_at, updated_at`;

/** Inserts a live appointment; the exclusion constraint appointments_no_overlap refuses a taken slot (23P01). */
export async function insertAppointment(
  tx: Queryable,
  fields: Omit<AppointmentRecord, 'id' | 'statusReason' | 'createdAt' | 'updatedAt'>,
): Promise<AppointmentRecord> {
  const result = await tx.query<AppointmentRow>(
    `INSERT INTO appointments (practitioner_id, patient_id, facility_id, mode, specialty, reason, triage_record_id, starts_at, ends_at, status, booked_via)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING ${COLUMNS}`,
    [
      fields.practitionerId,
      fields.patientId,
      fields.facilityId,
      fields.mode,
      fields.specialty,
      fields.reason,
      fields.triageRecordId,
      fields.startsAt,
      fields.endsAt,
      fields.status,
      fields.bookedVia,
    ],
  );
  return toRecord(requireRow(result.rows[0]));
}

export async function findAppointmentById(
  db: Queryable,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<AppointmentRecord | undefined> {
  const result = await db.query<AppointmentRow>(
    `SELECT ${COLUMNS} FROM appointments WHERE id = $1${options.forUpdate ? ' FOR UPDATE' : ''}`,
    [id],
  );
  const row = result.rows[0];
  return row ? toRecord(row) : undefined;
}

export async function updateAppointment(
  tx: Queryable,
  id: string,
  fields: { status: AppointmentStatus; statusReason?: string | null; startsAt?: Date; endsAt?: Date },
): Promise<AppointmentRecord> {
  const result = await tx.query<AppointmentRow>(
    `UPDATE appointments
        SET status = $2, status_reason = CASE WHEN $3::boolean THEN $4 ELSE status_reason END,
            starts_at = COALESCE($5, starts_at), ends_at = COALESCE($6, ends_at), updated_at = now()
      WHERE id = $1 RETURNING ${COLUMNS}`,
    [
      id,
      fields.status,
      fields.statusReason !== undefined,
      fields.statusReason ?? null,
      fields.startsAt ?? null,
      fields.endsAt ?? null,
    ],
  );
  return toRecord(requireRow(result.rows[0]));
}

export async function listAppointments(
  db: Queryable,
  filters: {
    practitionerId?: string;
    patientId?: string;
    status?: string;
    from?: Date;
    to?: Date;
    after?: Cursor;
    limit: number;
  },
): Promise<AppointmentRecord[]> {
  const result = await db.query<AppointmentRow>(
    `SELECT ${COLUMNS} FROM appointments
      WHERE ($1::uuid IS NULL OR practitioner_id = $1)
        AND ($2::uuid IS NULL OR patient_id = $2)
        AND ($3::text IS NULL OR status = $3)
        AND ($4::timestamptz IS NULL OR starts_at >= $4)
        AND ($5::timestamptz IS NULL OR starts_at < $5)
        AND ($6::timestamptz IS NULL OR (starts_at, id) > ($6::timestamptz, $7::uuid))
      ORDER BY starts_at, id
      LIMIT $8`,
    [
      filters.practitionerId ?? null,
      filters.patientId ?? null,
      filters.status ?? null,
      filters.from ?? null,
      filters.to ?? null,
      filters.after?.sortKey ?? null,
      filters.after?.id ?? null,
      filters.limit,
    ],
  );
  return result.rows.map(toRecord);
}

export async function patientExists(db: Queryable, patientId: string): Promise<boolean> {
  const result = await db.query('SELECT 1 FROM patients WHERE id = $1 AND erased_at IS NULL', [patientId]);
  return result.rowCount > 0;
}

export async function isTriageRecordOf(db: Queryable, triageRecordId: string, patientId: string): Promise<boolean> {
  const result = await db.query('SELECT 1 FROM triage_records WHERE id = $1 AND patient_id = $2', [
    triageRecordId,
    patientId,
  ]);
  return result.rowCount > 0;
}

function requireRow(row: AppointmentRow | undefined): AppointmentRow {
  if (!row) throw new Error('appointment row expected');
  return row;
}

function toRecord(row: AppointmentRow): AppointmentRecord {
  return {
    id: row.id,
    practitionerId: row.practitioner_id,
    patientId: row.patient_id,
    facilityId: row.facility_id,
    mode: row.mode,
    specialty: row.specialty,
    reason: row.reason,
    triageRecordId: row.triage_record_id,
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    status: row.status,
    statusReason: row.status_reason,
    bookedVia: row.booked_via,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
