import type { Queryable } from '@medlink/platform/db';

export interface AuditRow {
  id: string;
  at: Date;
  actor_type: 'user' | 'client' | 'system' | 'patient' | 'anonymous';
  actor_id: string | null;
  action: string;
  record_type: string | null;
  record_id: string | null;
  patient_id: string | null;
  outcome: 'ok' | 'denied' | 'failed';
  origin: Record<string, unknown>;
  details: Record<string, unknown>;
}

/** Newest first; the cursor is the last id seen (ids only grow). */
export async function findAuditEntries(
  db: Queryable,
  filter: { patientId?: string; action?: string; actorId?: string; beforeId?: string; limit: number },
): Promise<AuditRow[]> {
  const isPrefix = filter.action?.endsWith('.') ?? false;
  const result = await db.query<AuditRow>(
    `SELECT id::text AS id, at, actor_type, actor_id, action, record_type, record_id, patient_id, outcome, origin, details
     FROM audit_log
     WHERE ($1::uuid IS NULL OR patient_id = $1)
       AND ($2::text IS NULL OR (CASE WHEN $3::boolean THEN starts_with(action, $2) ELSE action = $2 END))
       AND ($4::text IS NULL OR actor_id = $4)
       AND ($5::bigint IS NULL OR id < $5)
     ORDER BY id DESC
     LIMIT $6`,
    [
      filter.patientId ?? null,
      filter.action ?? null,
      isPrefix,
      filter.actorId ?? null,
      filter.beforeId ?? null,
      filter.limit + 1,
    ],
  );
  return result.rows;
}
