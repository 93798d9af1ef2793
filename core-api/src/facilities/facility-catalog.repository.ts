import type { Queryable } from '@medlink/platform/db';
import type { FacilityRow } from './facilities.repository';
import { parseHoursExceptions } from './facilities.repository';
import type { HoursException } from './is-open-at';

export type CatalogFacilityRow = Omit<FacilityRow, 'distance_m' | 'sort_key' | 'hours_exceptions'> & {
  /** always_open OR opening_hours IS NOT NULL, as the search's "hours known" pre-filter reads it. */
  hours_known: boolean;
};

/** Geolocated facilities (the only ones a search by distance returns): all of them, or these ids. */
export async function findCatalogFacilities(
  db: Queryable,
  ids: readonly string[] | null,
): Promise<CatalogFacilityRow[]> {
  const result = await db.query<CatalogFacilityRow>(
    `SELECT id, name, type, services, emergency_capable, country, country_iso3, admin1, admin2, lat, lon,
            time_zone, always_open, opening_hours, phone, (always_open OR opening_hours IS NOT NULL) AS hours_known
       FROM facilities WHERE lat IS NOT NULL AND lon IS NOT NULL ${ids ? 'AND id = ANY($1::uuid[])' : ''}`,
    ids ? [ids] : [],
  );
  return result.rows;
}

/**
 * Every dated hours exception of these facilities (or all), whatever the date: "open now" only reads the
 * local date and the day before, and which dates those are depends on the clock of each request.
 */
export async function findCatalogExceptions(
  db: Queryable,
  ids: readonly string[] | null,
): Promise<Map<string, HoursException[]>> {
  const result = await db.query<{ facility_id: string; on_date: string; closed: boolean; hours: unknown }>(
    `SELECT facility_id, on_date::text AS on_date, closed, hours FROM facility_hours_exceptions
      ${ids ? 'WHERE facility_id = ANY($1::uuid[])' : ''}`,
    ids ? [ids] : [],
  );
  const byFacility = new Map<string, HoursException[]>();
  for (const row of result.rows) {
    const [exception] = parseHoursExceptions([[row.on_date, row.closed, row.hours]]);
    if (!exception) continue;
    const list = byFacility.get(row.facility_id) ?? [];
    list.push(exception);
    byFacility.set(row.facility_id, list);
  }
  return byFacility;
}
