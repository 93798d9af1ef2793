import type { Queryable } from '@medlink/platform/db';

/**
 * The SQL of docs/policies/erasure.md, one statement per kind of data. Runs inside the erasure
 * transaction; `addresses` are every spelling of the patient's identities (messages logged before the
 * patient was resolved carry only the address).
 */
export async function eraseStoredPatientData(
  db: Queryable,
  input: { patientId: string; addresses: string[]; at: Date },
): Promise<void> {
  const { patientId, addresses, at } = input;
  const consultations = await db.query<{ id: string }>('SELECT id FROM consultations WHERE patient_id = $1', [
    patientId,
  ]);
  const consultationIds = consultations.rows.map((row) => row.id);

  await db.query(
    `UPDATE messages SET
       body = NULL,
       content = '{}'::jsonb,
       contact_address = 'erased',
       status = CASE WHEN direction = 'out' AND status IN ('queued', 'sending') THEN 'dead' ELSE status END,
       status_reason = CASE WHEN direction = 'out' AND status IN ('queued', 'sending') THEN 'patient_erased' ELSE status_reason END,
       updated_at = $4
     WHERE patient_id = $1 OR consultation_id = ANY($2::uuid[]) OR contact_address = ANY($3::text[])`,
    [patientId, consultationIds, addresses, at],
  );
  await db.query('UPDATE consultations SET subject = NULL WHERE patient_id = $1', [patientId]);
  await db.query('DELETE FROM consultation_notes WHERE consultation_id = ANY($1::uuid[])', [consultationIds]);
  // Stored objects cannot be deleted inside a database transaction: the files owner drains this queue.
  await db.query(
    `INSERT INTO storage_deletions (storage_key, reason, requested_at)
     SELECT storage_key, 'patient_erasure', $2 FROM consultation_files WHERE consultation_id = ANY($1::uuid[])
     ON CONFLICT (storage_key) DO NOTHING`,
    [consultationIds, at],
  );
  await db.query('DELETE FROM consultation_files WHERE consultation_id = ANY($1::uuid[])', [consultationIds]);
  await db.query('UPDATE triage_records SET complaint_text = NULL WHERE patient_id = $1', [patientId]);
  await db.query(
    `UPDATE appointments SET
       reason = NULL,
       status = CASE WHEN status IN ('requested', 'confirmed') AND starts_at > $2 THEN 'cancelled' ELSE status END,
       status_reason = CASE WHEN status IN ('requested', 'confirmed') AND starts_at > $2 THEN 'patient_erased' ELSE NULL END,
       updated_at = $2
     WHERE patient_id = $1`,
    [patientId, at],
  );
  await db.query('UPDATE reviews SET comment = NULL WHERE patient_id = $1', [patientId]);
  await db.query('DELETE FROM patient_identities WHERE patient_id = $1', [patientId]);
  // The gateway's conversation state (bot-gateway migrations) is keyed by address and holds the patient's answers.
  const gateway = await db.query<{ present: boolean }>(
    "SELECT to_regclass('gateway_conversations') IS NOT NULL AS present",
  );
  if (gateway.rows[0]?.present)
    await db.query('DELETE FROM gateway_conversations WHERE contact_address = ANY($1::text[])', [addresses]);
  await db.query(
    `UPDATE patients SET
       display_name = NULL, birth_year = NULL, admin_area = NULL, lat = NULL, lon = NULL,
       opted_out_at = COALESCE(opted_out_at, $2), erasure_requested_at = COALESCE(erasure_requested_at, $2),
       erased_at = $2, updated_at = $2
     WHERE id = $1`,
    [patientId, at],
  );
}

export interface ErasureRequestRow {
  id: string;
  patient_id: string;
  requested_at: Date;
  completed_at: Date | null;
}

export async function insertCompletedErasureRequest(
  db: Queryable,
  input: { patientId: string; channel: string; at: Date },
): Promise<ErasureRequestRow> {
  const result = await db.query<ErasureRequestRow>(
    `INSERT INTO erasure_requests (patient_id, channel, requested_at, status, completed_at) VALUES ($1, $2, $3, 'completed', $3)
     RETURNING id, patient_id, requested_at, completed_at`,
    [input.patientId, input.channel, input.at],
  );
  const row = result.rows[0];
  if (!row) throw new Error('insert returned no row');
  return row;
}

export async function findCompletedErasureRequest(
  db: Queryable,
  patientId: string,
): Promise<ErasureRequestRow | undefined> {
  const result = await db.query<ErasureRequestRow>(
    `SELECT id, patient_id, requested_at, completed_at FROM erasure_requests
     WHERE patient_id = $1 AND status = 'completed' ORDER BY completed_at DESC LIMIT 1`,
    [patientId],
  );
  return result.rows[0];
}
