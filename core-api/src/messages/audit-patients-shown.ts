import type { Queryable } from '@medlink/platform/db';
import { actorOf, type Principal } from '../shared/principal';

/**
 * List reads (inbox, message log) show several patients' data at once: one audit row per patient, written
 * in a single statement (same columns as shared/audit.ts writeAudit).
 */
export async function auditPatientsShown(
  db: Queryable,
  entry: {
    principal: Principal | undefined;
    action: string;
    recordType: string;
    shown: { patientId: string | null; recordId: string | null; details: Record<string, unknown> }[];
  },
): Promise<void> {
  if (entry.shown.length === 0) return;
  const actor = actorOf(entry.principal);
  await db.query(
    `INSERT INTO audit_log (actor_type, actor_id, action, record_type, record_id, patient_id, details)
     SELECT $1, $2, $3, $4, shown.record_id, shown.patient_id::uuid, shown.details::jsonb
     FROM unnest($5::text[], $6::text[], $7::text[]) AS shown (record_id, patient_id, details)`,
    [
      actor.actorType,
      actor.actorId,
      entry.action,
      entry.recordType,
      entry.shown.map((item) => item.recordId),
      entry.shown.map((item) => item.patientId),
      entry.shown.map((item) => JSON.stringify(item.details)),
    ],
  );
}
