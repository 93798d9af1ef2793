import type { Queryable } from '@medlink/platform/db';
import { AppError } from '../shared/errors';
import { decodeCursor, encodeCursor, type Cursor } from '../shared/pagination';
import { findFacilities, parseHoursExceptions, type FacilityFilter, type FacilityRow } from './facilities.repository';
import type { FacilitySearchQuery } from './facilities.schemas';
import type { FacilityCatalog } from './facility-catalog';
import { searchCatalogView } from './facility-catalog-view';
import { parseWeeklyHours, toFacilitySummary } from './facility-dto';
import { isOpenAt } from './is-open-at';

const MAX_OPEN_NOW_ROUNDS = 8;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Public facility search. "Open now" depends on each facility's zone and dated exceptions, so it is
 * evaluated here on batches read in order; the page cursor then points after the last row read.
 */
export async function searchFacilities(
  deps: { db: Queryable; catalog?: FacilityCatalog },
  query: FacilitySearchQuery,
  now: Date,
) {
  const origin = query.lat !== undefined && query.lon !== undefined ? { lat: query.lat, lon: query.lon } : undefined;
  const filter: Omit<FacilityFilter, 'limit' | 'after'> = {
    origin,
    service: query.service,
    type: query.type,
    emergencyCapable: query.emergency,
    area: query.adminArea ? parseAreaId(query.adminArea) : undefined,
    nameContains: query.q,
    hoursKnown: query.openNow,
    exceptionsAround: now,
  };
  let after = parseCursor(query.cursor, Boolean(origin));
  // By distance, the catalogue answers (same order, filters and keyset); a name search stays in SQL, whose
  // unaccent() and ILIKE rules the catalogue does not copy. Without a catalogue, everything is SQL.
  const view = origin && !query.q && deps.catalog ? await deps.catalog.current() : undefined;
  const findBatch = (batch: Pick<FacilityFilter, 'after' | 'limit'>): Promise<FacilityRow[]> =>
    view && origin
      ? Promise.resolve(
          searchCatalogView(view, {
            origin,
            services: query.service ? [query.service] : [],
            type: query.type,
            emergencyCapable: query.emergency,
            hoursKnown: query.openNow,
            area: filter.area,
            ...batch,
          }),
        )
      : findFacilities(deps.db, { ...filter, ...batch });
  const wanted = query.limit + 1;
  const batchSize = query.openNow ? Math.max(query.limit * 3, 30) : wanted;
  const kept: { row: FacilityRow; openNow: boolean }[] = [];
  let lastRead: FacilityRow | undefined;
  let exhausted = false;
  for (let round = 0; round < (query.openNow ? MAX_OPEN_NOW_ROUNDS : 1) && kept.length < wanted; round += 1) {
    const rows = await findBatch({ after, limit: batchSize });
    for (const row of rows) {
      lastRead = row;
      const openNow = isOpenAt(
        { alwaysOpen: row.always_open, weekly: parseWeeklyHours(row.opening_hours) },
        row.exceptions ?? parseHoursExceptions(row.hours_exceptions),
        row.time_zone,
        now,
      );
      if (!query.openNow || openNow) kept.push({ row, openNow });
      if (kept.length === wanted) break;
    }
    if (rows.length < batchSize) {
      exhausted = true;
      break;
    }
    if (lastRead) after = cursorOf(lastRead);
  }
  const page = kept.slice(0, query.limit);
  const lastOnPage = page.at(-1)?.row;
  const nextCursor =
    kept.length > query.limit && lastOnPage
      ? encodeCursor(cursorOf(lastOnPage))
      : !exhausted && lastRead
        ? encodeCursor(cursorOf(lastRead))
        : null;
  return { items: page.map(({ row, openNow }) => toFacilitySummary(row, openNow)), nextCursor };
}

function cursorOf(row: FacilityRow): Cursor {
  return { sortKey: String(row.sort_key), id: row.id };
}

function parseCursor(value: string | undefined, byDistance: boolean): Cursor | undefined {
  if (value === undefined) return undefined;
  const cursor = decodeCursor(value);
  const valid = cursor && UUID.test(cursor.id) && (!byDistance || Number.isFinite(Number(cursor.sortKey)));
  if (!valid)
    throw new AppError({
      code: 'validation_failed',
      detail: 'The cursor is invalid',
      errors: [{ path: 'query.cursor', message: 'not a cursor from this search' }],
    });
  return cursor;
}

/** `KEN`, `KEN/Nairobi` or `KEN/Nairobi/Westlands`, as /facilities/areas returns them. */
export function parseAreaId(id: string): { iso3: string; admin1?: string; admin2?: string } {
  const [iso3 = '', admin1, admin2] = id.split('/');
  return { iso3: iso3.toUpperCase(), ...(admin1 ? { admin1 } : {}), ...(admin2 ? { admin2 } : {}) };
}
