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

/**
 * The values of an audit row, in the column order of `writeAudit`'s INSERT, for a statement that writes
 * the audit row together with the change it records.
 */
export function auditValues(entry: AuditEntry): unknown[] {
  const actor = entry.system ? { actorType: 'system' as const, actorId: entry.system } : actorOf(entry.principal);
  return [
    actor.actorType,
    actor.actorId,
    entry.action,
    entry.recordType ?? null,
    entry.recordId ?? null,
    entry.patientId ?? null,
    entry.outcome ?? 'ok',
    JSON.stringify(entry.origin ?? {}),
    JSON.stringify(entry.details ?? {}),
  ];
}
