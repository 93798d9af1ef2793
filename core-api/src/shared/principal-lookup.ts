import type { Queryable } from '@medlink/platform/db';
import type { Principal } from './principal';

/** The practitioner record of a signed-in practitioner, or undefined for anyone else. */
export async function practitionerIdOf(db: Queryable, principal: Principal | undefined): Promise<string | undefined> {
  if (principal?.kind !== 'user' || principal.role !== 'practitioner') return undefined;
  const result = await db.query<{ id: string }>('SELECT id FROM practitioners WHERE user_id = $1', [principal.userId]);
  return result.rows[0]?.id;
}

/** The facilities a facility admin (or a facility's machine client) may edit. */
export async function administeredFacilityIds(db: Queryable, principal: Principal | undefined): Promise<string[]> {
  if (principal?.kind === 'client') return principal.facilityId ? [principal.facilityId] : [];
  if (principal?.kind !== 'user' || principal.role !== 'facility_admin') return [];
  const result = await db.query<{ facility_id: string }>('SELECT facility_id FROM facility_admins WHERE user_id = $1', [
    principal.userId,
  ]);
  return result.rows.map((row) => row.facility_id);
}

export const isAdmin = (principal: Principal | undefined) => principal?.kind === 'user' && principal.role === 'admin';

/** The bot-gateway's service credential acts for patients who reached it over a channel. */
export const isGateway = (principal: Principal | undefined) =>
  principal?.kind === 'client' && principal.scopes.includes('gateway');
