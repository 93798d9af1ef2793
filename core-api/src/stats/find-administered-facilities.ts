import type { z } from 'zod';
import type { CoreApiDeps } from '../deps';
import type { Principal } from '../shared/principal';
import { forbidden } from '../shared/errors';
import { findAdministeredFacilities as queryAdministeredFacilities } from './stats.repository';
import type { administeredFacilitiesSchema } from './stats.schemas';

/**
 * A facility admin's own facilities with how fresh their published figures are, and who else administers
 * them (so the resource history can name its authors instead of showing ids).
 */
export async function findAdministeredFacilities(
  deps: Pick<CoreApiDeps, 'db' | 'clock' | 'env'>,
  principal: Principal | undefined,
): Promise<z.infer<typeof administeredFacilitiesSchema>> {
  if (principal?.kind !== 'user' || principal.role !== 'facility_admin')
    throw forbidden('Only facility admins administer facilities');
  const staleBefore = new Date(deps.clock().getTime() - deps.env.RESOURCE_STALE_AFTER_H * 3_600_000);
  const { facilities, admins } = await queryAdministeredFacilities(deps.db, principal.userId, staleBefore);
  return {
    items: facilities.map((row) => ({
      id: row.id,
      name: row.name,
      resourceCount: row.resource_count,
      staleCount: row.stale_count,
      lastPublishedAt: row.last_published_at?.toISOString() ?? null,
      admins: admins
        .filter((admin) => admin.facility_id === row.id)
        .map((admin) => ({ userId: admin.user_id, displayName: admin.display_name })),
    })),
  };
}
