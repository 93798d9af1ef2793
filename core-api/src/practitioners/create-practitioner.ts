import { PgErrorCode, pgConstraint, pgErrorCode, type Queryable } from '@medlink/platform/db';
import type { CoreApiDeps } from '../deps';
import { writeAudit, type AuditEntry } from '../shared/audit';
import { AppError } from '../shared/errors';
import type { Principal } from '../shared/principal';
import { findPractitioner } from './find-practitioners';
import type { PractitionerDto, CreatePractitionerBody } from './practitioners.schemas';
import {
  findExistingFacilityIds,
  findLinkableUser,
  insertPractitioner,
  replaceAffiliations,
} from './practitioners.repository';

/** An admin registers a practitioner (pending until verified), linked to a staff account of role practitioner. */
export async function createPractitioner(
  deps: CoreApiDeps,
  principal: Principal | undefined,
  body: CreatePractitionerBody,
  origin: AuditEntry['origin'],
): Promise<PractitionerDto> {
  if (body.userId) await assertLinkableUser(deps.db, body.userId);
  await assertFacilitiesExist(deps.db, body.facilityIds, 'body.facilityIds');
  const id = await deps.db
    .transaction(async (tx) => {
      const created = await insertPractitioner(tx, {
        userId: body.userId ?? null,
        fullName: body.fullName,
        specialties: body.specialties,
        languages: body.languages,
        licenceNumber: body.licenceNumber,
        offersRemote: body.offersRemote,
        timeZone: body.timeZone,
        bioFr: body.bioFr ?? null,
        bioEn: body.bioEn ?? null,
      });
      await replaceAffiliations(tx, created, body.facilityIds);
      await writeAudit(tx, {
        principal,
        action: 'practitioner.created',
        recordType: 'practitioner',
        recordId: created,
        origin,
      });
      return created;
    })
    .catch(translateUniqueViolation);
  return findPractitioner(deps, principal, id);
}

export function translateUniqueViolation(error: unknown): never {
  if (pgErrorCode(error) === PgErrorCode.uniqueViolation) {
    const constraint = pgConstraint(error) ?? '';
    const detail = constraint.includes('licence')
      ? 'This licence number is already registered'
      : constraint.includes('user_id')
        ? 'This user account is already linked to a practitioner'
        : 'A practitioner with these details already exists';
    throw new AppError({ code: 'conflict', detail, cause: error });
  }
  throw error;
}

async function assertLinkableUser(db: Queryable, userId: string): Promise<void> {
  const user = await findLinkableUser(db, userId);
  const problem = !user
    ? 'no such user'
    : user.role !== 'practitioner'
      ? 'the user account must have the role practitioner'
      : user.linkedPractitionerId
        ? 'the user account is already linked to a practitioner'
        : undefined;
  if (problem)
    throw new AppError({
      code: 'validation_failed',
      detail: 'The user account cannot be linked',
      errors: [{ path: 'body.userId', message: problem }],
    });
}

export async function assertFacilitiesExist(
  db: Queryable,
  facilityIds: readonly string[],
  path: string,
): Promise<void> {
  const found = await findExistingFacilityIds(db, facilityIds);
  const missing = facilityIds.filter((id) => !found.has(id));
  if (missing.length > 0) {
    throw new AppError({
      code: 'validation_failed',
      detail: 'Unknown facility',
      errors: [{ path, message: `unknown facility ${missing.join(', ')}` }],
    });
  }
}
