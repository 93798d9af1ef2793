import type { CoreApiDeps } from '../deps';
import type { AuditEntry } from '../shared/audit';
import { writeAudit } from '../shared/audit';
import { AppError, forbidden, notFound } from '../shared/errors';
import { isAdmin, practitionerIdOf } from '../shared/principal-lookup';
import type { Principal } from '../shared/principal';
import { assertFacilitiesExist, translateUniqueViolation } from './create-practitioner';
import { findPractitioner } from './find-practitioners';
import { SELF_EDITABLE_FIELDS, type PractitionerDto, type UpdatePractitionerBody } from './practitioners.schemas';
import {
  findPractitionerById,
  replaceAffiliations,
  setVerification,
  updatePractitioner,
} from './practitioners.repository';

/** Admins change any field; a practitioner only their own languages, remote offer, time zone and bio. */
export async function editPractitioner(
  deps: CoreApiDeps,
  principal: Principal | undefined,
  id: string,
  body: UpdatePractitionerBody,
  origin: AuditEntry['origin'],
): Promise<PractitionerDto> {
  const admin = isAdmin(principal);
  if (!admin) {
    if ((await practitionerIdOf(deps.db, principal)) !== id) throw notFound('Practitioner');
    const refused = Object.keys(body).filter((field) => !SELF_EDITABLE_FIELDS.some((allowed) => allowed === field));
    if (refused.length > 0) throw forbidden(`Only an admin may change ${refused.join(', ')}`);
  }
  if (body.facilityIds) await assertFacilitiesExist(deps.db, body.facilityIds, 'body.facilityIds');
  await deps.db
    .transaction(async (tx) => {
      if (!(await findPractitionerById(tx, id, { forUpdate: true }))) throw notFound('Practitioner');
      const { facilityIds, ...changes } = body;
      await updatePractitioner(tx, id, changes);
      if (facilityIds) await replaceAffiliations(tx, id, facilityIds);
      await writeAudit(tx, {
        principal,
        action: 'practitioner.updated',
        recordType: 'practitioner',
        recordId: id,
        origin,
        details: { fields: Object.keys(body) },
      });
    })
    .catch(translateUniqueViolation);
  return findPractitioner(deps, principal, id);
}

/** Admin only, never on one's own record: records who verified (or suspended) and when. */
export async function changeVerification(
  deps: CoreApiDeps,
  principal: Principal | undefined,
  id: string,
  body: { status: 'pending' | 'verified' | 'suspended'; notes?: string },
  origin: AuditEntry['origin'],
): Promise<PractitionerDto> {
  if (principal?.kind !== 'user' || !isAdmin(principal)) throw forbidden('Only an admin may verify practitioners');
  const adminUserId = principal.userId;
  await deps.db.transaction(async (tx) => {
    const record = await findPractitionerById(tx, id, { forUpdate: true });
    if (!record) throw notFound('Practitioner');
    if (record.userId === adminUserId) throw forbidden('Nobody may verify themself');
    if (body.status === 'verified' && record.specialties.length === 0) {
      throw new AppError({
        code: 'invalid_state',
        detail: 'A practitioner needs at least one specialty to be verified',
      });
    }
    await setVerification(tx, id, {
      status: body.status,
      verifiedBy: adminUserId,
      at: deps.clock(),
      notes: body.notes ?? null,
    });
    await writeAudit(tx, {
      principal,
      action: 'practitioner.verification_changed',
      recordType: 'practitioner',
      recordId: id,
      origin,
      details: { from: record.verificationStatus, to: body.status },
    });
  });
  return findPractitioner(deps, principal, id);
}
