import type { CoreApiDeps } from '../deps';
import { forbidden, notFound } from '../shared/errors';
import { administeredFacilityIds, isAdmin } from '../shared/principal-lookup';
import type { Principal } from '../shared/principal';
import { facilityExists, findResourceHistory, upsertResources } from './facilities.repository';
import type { ResourcesPut } from './facilities.schemas';

/**
 * A facility's admin, or its own stock system (a client with `resources:write` bound to this facility),
 * publishes current figures. Items not listed keep their last value (and age). Every published item gets
 * a history row with who and when, so a confirmation of an unchanged figure is on record too.
 */
export async function publishFacilityResources(
  deps: CoreApiDeps,
  principal: Principal | undefined,
  facilityId: string,
  body: ResourcesPut,
): Promise<void> {
  if (!(await facilityExists(deps.db, facilityId))) throw notFound('Facility');
  const publisher = publisherOf(principal);
  const allowed = await administeredFacilityIds(deps.db, principal);
  if (!publisher || !allowed.includes(facilityId))
    throw forbidden('Only this facility’s admin or stock system may publish its resources');
  await deps.db.transaction((tx) => upsertResources(tx, facilityId, body.resources, publisher, deps.clock()));
}

function publisherOf(principal: Principal | undefined): { type: 'user' | 'client'; id: string } | undefined {
  if (principal?.kind === 'user' && principal.role === 'facility_admin') return { type: 'user', id: principal.userId };
  if (principal?.kind === 'client' && principal.scopes.includes('resources:write'))
    return { type: 'client', id: principal.clientId };
  return undefined;
}

export async function findFacilityResourceHistory(
  deps: CoreApiDeps,
  principal: Principal | undefined,
  facilityId: string,
  page: { cursor?: string; limit: number },
) {
  if (!(await facilityExists(deps.db, facilityId))) throw notFound('Facility');
  if (!isAdmin(principal) && !(await administeredFacilityIds(deps.db, principal)).includes(facilityId)) {
    throw forbidden('Only an admin of this facility may read its resource history');
  }
  const rows = await findResourceHistory(deps.db, facilityId, { beforeId: page.cursor, limit: page.limit + 1 });
  const items = rows.slice(0, page.limit).map((row) => ({
    id: row.id,
    kind: row.kind,
    item: row.item,
    quantity: row.quantity,
    available: row.available,
    changedAt: row.changed_at.toISOString(),
    changedBy: { type: row.changed_by_type, id: row.changed_by_id },
  }));
  return { items, nextCursor: rows.length > page.limit ? (items.at(-1)?.id ?? null) : null };
}
