import type { Queryable } from '@medlink/platform/db';
import type { Cursor } from '../shared/pagination';

export interface ReviewRecord {
  id: string;
  appointmentId: string;
  patientId: string;
  practitionerId: string;
  facilityId: string | null;
  rating: number;
  comment: string | null;
  state: 'pending' | 'published' | 'rejected';
  moderationNote: string | null;
  moderatedAt: Date | null;
  createdAt: Date;
}

interface ReviewRow {
  id: string;
  appointment_id: string;
  patient_id: string;
  practitioner_id: string;
  facility_id: string | null;
  rating: number;
  comment: string | null;
  moderation_state: 'pending' | 'published' | 'rejected';
  moderation_note: string | null;
  moderated_at: Date | null;
  created_at: Date;
}

const COLUMNS =
  'id, appointment_id, patient_id, practitioner_id, facility_id, rating, comment, moderation_state, moderation_note, moderated_at, created_at';

/** One review per appointment: the unique key on appointment_id refuses a second (23505). */
export async function insertReview(
  tx: Queryable,
  fields: {
    appointmentId: string;
    patientId: string;
    practitionerId: string;
    facilityId: string | null;
    rating: number;
    comment: string | null;
  },
): Promise<ReviewRecord> {
  const result = await tx.query<ReviewRow>(
    `INSERT INTO reviews (appointment_id, patient_id, practitioner_id, facility_id, rating, comment) VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${COLUMNS}`,
    [fields.appointmentId, fields.patientId, fields.practitionerId, fields.facilityId, fields.rating, fields.comment],
  );
  return toRecord(requireRow(result.rows[0]));
}

export async function moderateReview(
  tx: Queryable,
  id: string,
  fields: { state: 'published' | 'rejected'; moderatedBy: string; at: Date; note: string | null },
): Promise<ReviewRecord | undefined> {
  const result = await tx.query<ReviewRow>(
    `UPDATE reviews SET moderation_state = $2, moderated_by = $3, moderated_at = $4, moderation_note = $5 WHERE id = $1 RETURNING ${COLUMNS}`,
    [id, fields.state, fields.moderatedBy, fields.at, fields.note],
  );
  const row = result.rows[0];
  return row ? toRecord(row) : undefined;
}

export async function listReviews(
  db: Queryable,
  filters: { practitionerId?: string; facilityId?: string; state?: string; after?: Cursor; limit: number },
): Promise<ReviewRecord[]> {
  const result = await db.query<ReviewRow>(
    `SELECT ${COLUMNS} FROM reviews
      WHERE ($1::uuid IS NULL OR practitioner_id = $1)
        AND ($2::uuid IS NULL OR facility_id = $2)
        AND ($3::text IS NULL OR moderation_state = $3)
        AND ($4::timestamptz IS NULL OR (created_at, id) < ($4::timestamptz, $5::uuid))
      ORDER BY created_at DESC, id DESC
      LIMIT $6`,
    [
      filters.practitionerId ?? null,
      filters.facilityId ?? null,
      filters.state ?? null,
      filters.after?.sortKey ?? null,
      filters.after?.id ?? null,
      filters.limit,
    ],
  );
  return result.rows.map(toRecord);
}

function requireRow(row: ReviewRow | undefined): ReviewRow {
  if (!row) throw new Error('review row expected');
  return row;
}

function toRecord(row: ReviewRow): ReviewRecord {
  return {
    id: row.id,
    appointmentId: row.appointment_id,
    patientId: row.patient_id,
    practitionerId: row.practitioner_id,
    facilityId: row.facility_id,
    rating: row.rating,
    comment: row.comment,
    state: row.moderation_state,
    moderationNote: row.moderation_note,
    moderatedAt: row.moderated_at,
    createdAt: row.created_at,
  };
}
