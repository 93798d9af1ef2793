import type { Queryable } from '@medlink/platform/db';

export interface LiveEventRow {
  id: string;
  type: string;
  rooms: string[];
  payload: Record<string, unknown>;
  created_at: Date;
}

/** Events after `since` in log order; `rooms` null means every room (admins). */
export async function findEventsSince(
  db: Queryable,
  input: { since: number; rooms: string[] | null; limit: number },
): Promise<LiveEventRow[]> {
  const result = await db.query<LiveEventRow>(
    `SELECT id, type, rooms, payload, created_at FROM live_events
      WHERE id > $1 AND ($2::text[] IS NULL OR rooms && $2::text[])
      ORDER BY id LIMIT $3`,
    [input.since, input.rooms, input.limit],
  );
  return result.rows;
}

/** The consultations a practitioner currently takes part in (left ones no longer count). */
export async function findActiveConsultationIds(db: Queryable, practitionerId: string): Promise<string[]> {
  const result = await db.query<{ consultation_id: string }>(
    'SELECT consultation_id FROM consultation_participants WHERE practitioner_id = $1 AND left_at IS NULL',
    [practitionerId],
  );
  return result.rows.map((row) => row.consultation_id);
}

export async function isActiveParticipant(
  db: Queryable,
  consultationId: string,
  practitionerId: string,
): Promise<boolean> {
  const result = await db.query(
    'SELECT 1 FROM consultation_participants WHERE consultation_id = $1 AND practitioner_id = $2 AND left_at IS NULL',
    [consultationId, practitionerId],
  );
  return result.rowCount > 0;
}
