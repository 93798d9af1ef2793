import type { Queryable } from '@medlink/platform/db';
import { VersionedCatalog } from '../catalog/versioned-catalog';
import { findCatalogExceptions, findCatalogFacilities, type CatalogFacilityRow } from './facility-catalog.repository';
import {
  buildCatalogView,
  isSamePlaceAndKind,
  withReplacedFacilities,
  type CatalogEntry,
  type CatalogFacility,
  type CatalogView,
} from './facility-catalog-view';
import type { HoursException } from './is-open-at';

/** The geolocated facilities and their dated hours exceptions, for nearest search and recommendations. */
export type FacilityCatalog = VersionedCatalog<CatalogView>;

export function createFacilityCatalog(db: Queryable): FacilityCatalog {
  return new VersionedCatalog(db, 'facilities', { loadAll, applyChanges });
}

async function loadAll(db: Queryable, version: number): Promise<CatalogView> {
  return buildCatalogView(version, await readFacilities(db, null));
}

/**
 * Changed facilities that keep their place and filtered attributes are rewritten in their slots; the tree is
 * rebuilt only when one moved, appeared, disappeared or changed a service, its type or its area.
 */
async function applyChanges(
  db: Queryable,
  held: CatalogView,
  version: number,
  changedIds: string[],
): Promise<CatalogView> {
  const changed = new Map((await readFacilities(db, changedIds)).map(({ facility }) => [facility.id, facility]));
  const replaced = new Map<number, CatalogFacility>();
  let isStructural = false;
  for (const id of changedIds) {
    const slot = held.slotById.get(id);
    const after = changed.get(id);
    if (slot !== undefined && after && isSamePlaceAndKind(held, slot, after)) replaced.set(slot, after);
    else if (slot !== undefined || after) isStructural = true;
  }
  if (!isStructural) return withReplacedFacilities(held, version, replaced);
  const changedSet = new Set(changedIds);
  const entries: CatalogEntry[] = [];
  held.columns.ids.forEach((id, slot) => {
    if (!changedSet.has(id)) entries.push({ from: held, slot });
  });
  for (const facility of changed.values()) entries.push({ facility });
  return buildCatalogView(version, entries, held.pools);
}

async function readFacilities(db: Queryable, ids: string[] | null): Promise<{ facility: CatalogFacility }[]> {
  const [rows, exceptions] = await Promise.all([findCatalogFacilities(db, ids), findCatalogExceptions(db, ids)]);
  return withExceptions(rows, exceptions);
}

function withExceptions(
  rows: CatalogFacilityRow[],
  exceptions: Map<string, HoursException[]>,
): { facility: CatalogFacility }[] {
  return rows.map((row) => ({ facility: { ...row, exceptions: exceptions.get(row.id) ?? [] } }));
}
