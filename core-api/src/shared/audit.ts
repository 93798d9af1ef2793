import type { Queryable } from '@medlink/platform/db';
import { actorOf, type Principal } from './principal';

export interface AuditEntry {
  principal?: Principal;
  /** System jobs have no principal: say so explicitly. */
  system?: string;
  action: string;
  recordType?: string;
  recordId?: string;
  patientId?: string | null;
  outcome?: 'ok' | 'denied' | 'failed';
  origin?: { ip?: string; requestId?: string; userAgent?: string };
  details?: Record<string, unknown>;
}

/** Writes one audit row; call it inside the transaction of the change it records, or right after a read. */
export async function writeAudit(db: Queryable, entry: AuditEntry): Promise<void> {
  await db.query(
    `INSERT INTO audit_log (actor_type, actor_id, action, record_type, record_id, patient_id, outcome, origin, details)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    auditValues(entry),
  );
}

/** The values of an audit row, in the column order of `writeAudit`'s INSERT. */
function auditValues(entry: AuditEntry): unknown[] {
  const row = auditRow(entry);
  return [
    row.actor_type,
    row.actor_id,
    row.action,
    row.record_type,
    row.record_id,
    row.patient_id,
    row.outcome,
    JSON.stringify(row.origin),
    JSON.stringify(row.details),
  ];
}

/** An audit row by column name (origin and details as objects), for statements that take rows as JSON. */
export function auditRow(entry: AuditEntry) {
  const actor = entry.system ? { actorType: 'system' as const, actorId: entry.system } : actorOf(entry.principal);
  return {
    actor_type: actor.actorType,
    actor_id: actor.actorId,
    action: entry.action,
    record_type: entry.recordType ?? null,
    record_id: entry.recordId ?? null,
    patient_id: entry.patientId ?? null,
    outcome: entry.outcome ?? 'ok',
    origin: entry.origin ?? {},
    details: entry.details ?? {},
  };
}
