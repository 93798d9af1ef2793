import type { CoreApiDeps } from '../deps';
import { forbidden, notFound } from '../shared/errors';
import { isGateway } from '../shared/principal-lookup';
import type { Principal } from '../shared/principal';
import { assessTriage, type TriageResult } from './assess-triage';
import type { AssessRequest } from './triage.schemas';

export interface RequestOrigin {
  ip?: string;
  requestId?: string;
  userAgent?: string;
}

/**
 * Assesses; when the level is final and the gateway names the patient, stores the triage record
 * and its audit entry (in one statement, with the records of concurrent assessments).
 */
export async function assessAndRecordTriage(
  deps: Pick<CoreApiDeps, 'insertTriageRecord'>,
  request: { body: AssessRequest; principal: Principal | undefined; origin: RequestOrigin },
): Promise<TriageResult & { triageRecordId?: string }> {
  const { body, principal } = request;
  if (body.patientId && !isGateway(principal))
    throw forbidden('Only the gateway client may triage on behalf of a patient');
  const result = assessTriage(body);
  if (!result.isFinal || !body.patientId) return result;
  const patientId = body.patientId;
  const triageRecordId = await deps.insertTriageRecord({
    record: {
      patientId,
      channel: body.channel ?? null,
      ageYears: ageYearsOf(body),
      sex: body.sex,
      pregnant: body.pregnant,
      findings: body.findings,
      complaintText: body.complaintText ?? null,
      level: result.level,
      specialty: result.specialty,
      drivingFindings: result.drivingFindings,
      protocolVersion: result.protocolVersion,
    },
    audit: {
      principal,
      action: 'triage.record_created',
      recordType: 'triage_record',
      patientId,
      origin: request.origin,
      details: { level: result.level, protocolVersion: result.protocolVersion, channel: body.channel ?? null },
    },
  });
  if (triageRecordId === undefined) throw notFound('Patient');
  return { ...result, triageRecordId };
}

function ageYearsOf(body: AssessRequest): number {
  const years = body.ageYears ?? (body.ageMonths ?? 0) / 12;
  return Math.round(years * 100) / 100;
}
