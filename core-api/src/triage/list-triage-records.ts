import type { CoreApiDeps } from '../deps';
import { writeAudit } from '../shared/audit';
import { AppError } from '../shared/errors';
import { decodeCursor, toPage } from '../shared/pagination';
import type { Principal } from '../shared/principal';
import type { RequestOrigin } from './assess-and-record-triage';
import type { TriageRecordDto } from './triage.schemas';
import { findTriageRecordsOfPatient, type TriageRecordRow } from './triage.repository';

/** A patient's triage history, newest first; every read is audited. */
export async function listTriageRecords(
  deps: Pick<CoreApiDeps, 'db'>,
  request: {
    patientId: string;
    limit: number;
    cursor?: string;
    principal: Principal | undefined;
    origin: RequestOrigin;
  },
) {
  const after = decodeCursor(request.cursor);
  if (request.cursor && (!after || Number.isNaN(Date.parse(after.sortKey)) || !/^[0-9a-f-]{36}$/i.test(after.id))) {
    throw new AppError({
      code: 'validation_failed',
      detail: 'The cursor is invalid',
      errors: [{ path: 'query.cursor', message: 'invalid cursor' }],
    });
  }
  const rows = await findTriageRecordsOfPatient(deps.db, { patientId: request.patientId, limit: request.limit, after });
  await writeAudit(deps.db, {
    principal: request.principal,
    action: 'triage.records_read',
    recordType: 'triage_record',
    patientId: request.patientId,
    origin: request.origin,
    details: { count: Math.min(rows.length, request.limit) },
  });
  return toPage(rows, request.limit, toTriageRecordDto, (row) => ({ sortKey: row.created_key, id: row.id }));
}

function toTriageRecordDto(row: TriageRecordRow): TriageRecordDto {
  const findings: Record<string, boolean> = {};
  if (row.findings && typeof row.findings === 'object') {
    for (const [code, value] of Object.entries(row.findings)) if (typeof value === 'boolean') findings[code] = value;
  }
  return {
    id: row.id,
    patientId: row.patient_id,
    channel: row.channel,
    level: levelOf(row.level),
    specialty: row.specialty,
    drivingFindings: row.driving_findings,
    findings,
    ageYears: row.age_years === null ? null : Number(row.age_years),
    sex: row.sex,
    pregnant: row.pregnant,
    protocolVersion: row.protocol_version,
    createdAt: row.created_at.toISOString(),
  };
}

function levelOf(value: string): TriageRecordDto['level'] {
  if (value === 'emergency' || value === 'urgent' || value === 'routine' || value === 'self_care') return value;
  throw new Error(`unexpected triage level ${value}`);
}
