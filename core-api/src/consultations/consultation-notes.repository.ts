import type { Queryable } from '@medlink/platform/db';

/** Notes hold ciphertext only: callers seal and open them (platform/src/encryption.ts). */
export interface NoteRow {
  id: string;
  author_practitioner_id: string;
  author_name: string;
  body_ciphertext: Buffer;
  created_at: Date;
}

export async function insertNote(
  db: Queryable,
  input: { id: string; consultationId: string; authorPractitionerId: string; ciphertext: Buffer },
): Promise<Date> {
  const result = await db.query<{ created_at: Date }>(
    `INSERT INTO consultation_notes (id, consultation_id, author_practitioner_id, body_ciphertext) VALUES ($1, $2, $3, $4) RETURNING created_at`,
    [input.id, input.consultationId, input.authorPractitionerId, input.ciphertext],
  );
  const row = result.rows[0];
  if (!row) throw new Error('insert returned no row');
  return row.created_at;
}

export async function findNotes(db: Queryable, consultationId: string): Promise<NoteRow[]> {
  const result = await db.query<NoteRow>(
    `SELECT n.id, n.author_practitioner_id, p.full_name AS author_name, n.body_ciphertext, n.created_at
     FROM consultation_notes n JOIN practitioners p ON p.id = n.author_practitioner_id
     WHERE n.consultation_id = $1 ORDER BY n.created_at, n.id`,
    [consultationId],
  );
  return result.rows;
}
