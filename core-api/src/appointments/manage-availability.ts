import type { CoreApiDeps } from '../deps';
import { findPractitionerById, type PractitionerRecord } from '../practitioners/practitioners.repository';
import { writeAudit, type AuditEntry } from '../shared/audit';
import { AppError, notFound, type FieldError } from '../shared/errors';
import { isAdmin, practitionerIdOf } from '../shared/principal-lookup';
import type { Principal } from '../shared/principal';
import { deleteException, findExceptions, findRules, insertException, replaceRules } from './availability.repository';
import { hhmm, type ExceptionBody, type ReplaceScheduleBody } from './availability.schemas';
import type { AvailabilityRule } from './compute-free-slots';
import { findExistingFacilityIds as findFacilityTimeZones } from '../practitioners/practitioners.repository';

/** The practitioner themself or an admin; anyone else is told the schedule does not exist. */
export async function findManageablePractitioner(
  deps: CoreApiDeps,
  principal: Principal | undefined,
  practitionerId: string,
): Promise<PractitionerRecord> {
  const record = await findPractitionerById(deps.db, practitionerId);
  if (!record) throw notFound('Practitioner');
  if (!isAdmin(principal) && (await practitionerIdOf(deps.db, principal)) !== record.id) throw notFound('Practitioner');
  return record;
}

export async function findAvailability(deps: CoreApiDeps, principal: Principal | undefined, practitionerId: string) {
  const record = await findManageablePractitioner(deps, principal, practitionerId);
  const [rules, exceptions] = await Promise.all([
    findRules(deps.db, record.id),
    findExceptions(deps.db, record.id, deps.clock()),
  ]);
  return {
    practitionerId: record.id,
    timeZone: record.timeZone,
    rules: rules.map((rule) => ({
      id: rule.id,
      weekday: rule.weekday,
      start: hhmm(rule.startMinute),
      end: hhmm(rule.endMinute),
      slotMinutes: rule.slotMinutes,
      facilityId: rule.facilityId,
      timeZone: rule.timeZone,
      validFrom: rule.validFrom,
      validUntil: rule.validUntil,
    })),
    exceptions: exceptions.map((exception) => ({
      id: exception.id,
      kind: exception.kind,
      startsAt: exception.startsAt.toISOString(),
      endsAt: exception.endsAt.toISOString(),
      facilityId: exception.facilityId,
      slotMinutes: exception.slotMinutes,
      note: exception.note,
    })),
  };
}

/**
 * Replaces the whole weekly schedule in one transaction. Each rule takes the time zone of its facility,
 * or the practitioner's own for remote sessions, so "08:00" means 08:00 where the patient goes.
 */
export async function replaceSchedule(
  deps: CoreApiDeps,
  principal: Principal | undefined,
  practitionerId: string,
  body: ReplaceScheduleBody,
  origin: AuditEntry['origin'],
) {
  const record = await findManageablePractitioner(deps, principal, practitionerId);
  const zones = await findFacilityTimeZones(deps.db, record.facilityIds);
  const errors: FieldError[] = [];
  const rules: AvailabilityRule[] = body.rules.map((rule, index) => {
    if (rule.facilityId && !zones.has(rule.facilityId))
      errors.push({ path: `body.rules.${index}.facilityId`, message: 'not a facility this practitioner works at' });
    if (!rule.facilityId && !record.offersRemote)
      errors.push({
        path: `body.rules.${index}.facilityId`,
        message: 'this practitioner does not offer remote consultations',
      });
    const timeZone = rule.facilityId ? (zones.get(rule.facilityId) ?? 'UTC') : record.timeZone;
    return { ...rule, startMinute: rule.start, endMinute: rule.end, timeZone };
  });
  if (errors.length > 0) throw new AppError({ code: 'validation_failed', detail: 'The schedule is invalid', errors });
  await deps.db.transaction(async (tx) => {
    await findPractitionerById(tx, record.id, { forUpdate: true });
    await replaceRules(tx, record.id, rules);
    await writeAudit(tx, {
      principal,
      action: 'availability.replaced',
      recordType: 'practitioner',
      recordId: record.id,
      origin,
      details: { rules: rules.length },
    });
  });
  return findAvailability(deps, principal, record.id);
}

export async function addException(
  deps: CoreApiDeps,
  principal: Principal | undefined,
  practitionerId: string,
  body: ExceptionBody,
  origin: AuditEntry['origin'],
) {
  const record = await findManageablePractitioner(deps, principal, practitionerId);
  if (body.facilityId && !record.facilityIds.includes(body.facilityId)) {
    throw new AppError({
      code: 'validation_failed',
      detail: 'Unknown facility',
      errors: [{ path: 'body.facilityId', message: 'not a facility this practitioner works at' }],
    });
  }
  const stored = await deps.db.transaction(async (tx) => {
    const inserted = await insertException(tx, record.id, body);
    await writeAudit(tx, {
      principal,
      action: 'availability.exception_added',
      recordType: 'availability_exception',
      recordId: inserted.id,
      origin,
      details: { kind: body.kind },
    });
    return inserted;
  });
  return {
    id: stored.id,
    kind: stored.kind,
    startsAt: stored.startsAt.toISOString(),
    endsAt: stored.endsAt.toISOString(),
    facilityId: stored.facilityId,
    slotMinutes: stored.slotMinutes,
    note: stored.note,
  };
}

export async function removeException(
  deps: CoreApiDeps,
  principal: Principal | undefined,
  practitionerId: string,
  exceptionId: string,
  origin: AuditEntry['origin'],
): Promise<void> {
  const record = await findManageablePractitioner(deps, principal, practitionerId);
  await deps.db.transaction(async (tx) => {
    if (!(await deleteException(tx, record.id, exceptionId))) throw notFound('Exception');
    await writeAudit(tx, {
      principal,
      action: 'availability.exception_removed',
      recordType: 'availability_exception',
      recordId: exceptionId,
      origin,
    });
  });
}
