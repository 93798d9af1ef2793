import type { Queryable } from '@medlink/platform/db';
import { countryInfo } from '../seed/countries';
import { notFound } from '../shared/errors';
import { countFacilitiesByCountry, countFacilitiesByDistrict, countFacilitiesByRegion } from './facilities.repository';

/**
 * Pick-lists for USSD and SMS menus, built from the facilities themselves so every choice leads somewhere:
 * countries, then a country's regions (admin1), then a region's districts (admin2, where known).
 * Region names were normalised at import (seed/admin-area-names.ts).
 */
export async function listAdminAreas(db: Queryable, query: { country?: string; region?: string }) {
  if (!query.country) {
    const rows = await countFacilitiesByCountry(db);
    return {
      level: 'country' as const,
      parent: null,
      items: rows.map(({ key, count }) => {
        const info = countryInfo(key);
        return {
          id: key,
          name: info?.en ?? key,
          names: { fr: info?.fr ?? key, en: info?.en ?? key },
          facilityCount: count,
        };
      }),
    };
  }
  if (!query.region) {
    const rows = await countFacilitiesByRegion(db, query.country);
    if (rows.length === 0) throw notFound(`Country ${query.country}`);
    return {
      level: 'region' as const,
      parent: query.country,
      items: rows.map(({ key, count }) => ({ id: `${query.country}/${key}`, name: key, facilityCount: count })),
    };
  }
  const rows = await countFacilitiesByDistrict(db, query.country, query.region);
  if (rows.length === 0) throw notFound(`Region ${query.region} of ${query.country}`);
  return {
    level: 'district' as const,
    parent: `${query.country}/${query.region}`,
    items: rows.flatMap(({ key, count }) =>
      key ? [{ id: `${query.country}/${query.region}/${key}`, name: key, facilityCount: count }] : [],
    ),
  };
}
