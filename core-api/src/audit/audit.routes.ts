import type { CoreApiDeps } from '../deps';
import type { ApiRouter } from '../shared/api-router';
import { writeAudit } from '../shared/audit';
import { findAuditEntries, type AuditRow } from './audit.repository';
import { auditPageSchema, auditQuerySchema } from './audit.schemas';

export function registerAuditRoutes(api: ApiRouter, deps: CoreApiDeps): void {
  api.add({
    method: 'get',
    path: '/audit',
    summary: 'The audit log, newest first (admin)',
    tags: ['audit'],
    access: { roles: ['admin'] },
    query: auditQuerySchema,
    response: { status: 200, description: 'A page of audit entries', schema: auditPageSchema },
    handler: async ({ query, principal, req }) => {
      const rows = await findAuditEntries(deps.db, { ...query, beforeId: query.cursor });
      const items = rows.slice(0, query.limit);
      // Reading who saw a patient's record is itself a read about that patient.
      if (query.patientId)
        await writeAudit(deps.db, {
          principal,
          action: 'audit.read',
          patientId: query.patientId,
          origin: { ip: req.ip, requestId: req.id },
        });
      return {
        items: items.map(toAuditEntryDto),
        nextCursor: rows.length > query.limit ? (items.at(-1)?.id ?? null) : null,
      };
    },
  });
}

function toAuditEntryDto(row: AuditRow) {
  return {
    id: row.id,
    at: row.at.toISOString(),
    actorType: row.actor_type,
    actorId: row.actor_id,
    action: row.action,
    recordType: row.record_type,
    recordId: row.record_id,
    patientId: row.patient_id,
    outcome: row.outcome,
    origin: row.origin,
    details: row.details,
  };
}
