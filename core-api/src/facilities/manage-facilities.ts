import type { CoreApiDeps } from '../deps';
import { writeAudit } from '../shared/audit';
import { forbidden, notFound } from '../shared/errors';
import { administeredFacilityIds, isAdmin } from '../shared/principal-lookup';
import type { Principal } from '../shared/principal';
import { facilityExists, insertFacility, updateFacility } from './facilities.repository';
import type { FacilityCreate, FacilityPatch } from './facilities.schemas';

export async function createFacility(
  deps: CoreApiDeps,
  principal: Principal | undefined,
  body: FacilityCreate,
): Promise<string> {
  return deps.db.transaction(async (tx) => {
    const id = await insertFacility(tx, {
      ...body,
      emergencyCapable: body.emergencyCapable ?? body.services.includes('emergency'),
    });
    await writeAudit(tx, { principal, action: 'facility.created', recordType: 'facility', recordId: id });
    return id;
  });
}

/** A platform admin may edit any facility; a facility admin only the ones they administer. */
export async function patchFacility(
  deps: CoreApiDeps,
  principal: Principal | undefined,
  id: string,
  body: FacilityPatch,
): Promise<void> {
  if (!(await facilityExists(deps.db, id))) throw notFound('Facility');
  if (!isAdmin(principal) && !(await administeredFacilityIds(deps.db, principal)).includes(id)) {
    throw forbidden('Only an admin of this facility may change it');
  }
  await deps.db.transaction(async (tx) => {
    await updateFacility(tx, id, body, deps.clock());
    await writeAudit(tx, {
      principal,
      action: 'facility.updated',
      recordType: 'facility',
      recordId: id,
      details: { fields: Object.keys(body) },
    });
  });
}
