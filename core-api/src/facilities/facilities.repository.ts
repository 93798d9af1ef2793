import { z } from 'zod';
import type { Queryable } from '@medlink/platform/db';
import type { FacilityService, FacilityType, ResourceKind } from './facility-vocabulary';
import type { HoursException } from './is-open-at';
import { sqlCode, sqlCodeArray, sqlInteger } from './sql-literals';
import { statementNameOf } from './statement-name';

export interface FacilityRow {
  id: string;
  name: string;
  type: FacilityType;
  services: FacilityService[];
  emergency_capable: boolean;
  country: string;
  country_iso3: string;
  admin1: string | null;
  admin2: string | null;
  lat: number | null;
  lon: number | null;
  time_zone: string;
  always_open: boolean;
  opening_hours: unknown;
  phone: string | null;
  /** Great-circle metres from the search origin; null without one. */
  distance_m: number | null;
  /** The keyset sort value: chord distance in metres with an origin (text only in a cursor), else the name. */
  sort_key: string | number;
  /** Present when asked for with `exceptionsAround`: parse with parseHoursExceptions. */
  hours_exceptions?: unknown;
  /** Already parsed, from the in-memory catalogue (every date, where hours_exceptions has a window). */
  exceptions?: readonly HoursException[];
}

export interface FacilityDetailRow extends FacilityRow {
  raw_type: string | null;
  ownership: string | null;
  source_id: string | null;
  updated_at: Date;
}

export interface FacilityFilter {
  origin?: { lat: number; lon: number };
  service?: FacilityService;
  /** Several needed services at once (recommendations): the facility must offer all. */
  services?: readonly FacilityService[];
  type?: FacilityType;
  emergencyCapable?: boolean;
  area?: { iso3: string; admin1?: string; admin2?: string };
  nameContains?: string;
  /** Only facilities whose hours are known (24/7 or a weekly schedule): a cheap pre-filter for "open now". */
  hoursKnown?: boolean;
  after?: { sortKey: string; id: string };
  limit: number;
  /** Also return each row's dated hours exceptions around this instant (`hours_exceptions`), saving a round trip. */
  exceptionsAround?: Date;
}

const SUMMARY_COLUMNS = `id, name, type, services, emergency_capable, country, country_iso3, admin1, admin2, lat, lon,
  time_zone, always_open, opening_hours, phone`;

/** Rows read beyond the page from the KNN scan, so exact distance ties at a page edge still sort by id. */
const TIE_MARGIN = 8;

/**
 * Nearest first with an origin, else by name; then id. Keyset paging.
 *
 * With an origin, the inner query is a KNN scan of the GiST index `facilities_earth_idx` (ORDER BY the
 * cube distance `<->` between geo_point()s, which grows with the great-circle distance). It must order by
 * the distance alone: adding `id` to that ORDER BY makes PostgreSQL sort the whole table instead. The
 * outer query then orders the few rows read by (distance, id). This is exact unless more than TIE_MARGIN
 * facilities share one point at a page edge (the whole source file has one pair of identical points).
 * geo_point(), not ll_to_earth(), is what the index is built on: only the same expression matches for KNN.
 */
export async function findFacilities(db: Queryable, filter: FacilityFilter): Promise<FacilityRow[]> {
  const params: unknown[] = [];
  const sql = buildFacilitySearch(filter, (value) => {
    params.push(value);
    return `$${params.length}`;
  });
  const name = hasStablePlan(filter) ? statementNameOf('facility_search', sql) : undefined;
  const result = await db.query<FacilityRow & { knn: number | null }>(sql, params, { name });
  return result.rows.map(({ knn, ...row }) => ({ ...row, sort_key: filter.origin ? Number(knn) : row.name }));
}

/**
 * The SQL text of a facility search, in its final order, with `param` adding each bound value. Rows carry
 * the summary columns, `distance_m`, `knn` (the keyset value with an origin, else null) and, with
 * `exceptionsAround`, `hours_exceptions`. Recommendations embed it as the first step of one statement.
 */
export function buildFacilitySearch(filter: FacilityFilter, param: (value: unknown) => string): string {
  const where: string[] = [];
  const services = [...(filter.services ?? []), ...(filter.service ? [filter.service] : [])];
  if (services.length > 0) where.push(`services @> ${sqlCodeArray(services)}`);
  if (filter.type) where.push(`type = ${sqlCode(filter.type)}`);
  if (filter.emergencyCapable) where.push('emergency_capable');
  if (filter.hoursKnown) where.push('(always_open OR opening_hours IS NOT NULL)');
  if (filter.area) {
    where.push(`country_iso3 = ${param(filter.area.iso3)}`);
    if (filter.area.admin1 !== undefined) where.push(`admin1 = ${param(filter.area.admin1)}`);
    if (filter.area.admin2 !== undefined) where.push(`admin2 = ${param(filter.area.admin2)}`);
  }
  if (filter.nameContains) {
    where.push(`unaccent(name) ILIKE '%' || unaccent(${param(escapeLike(filter.nameContains))}) || '%'`);
  }
  const nowParam = filter.exceptionsAround ? param(filter.exceptionsAround) : undefined;
  const exceptionsColumn = nowParam
    ? `, (SELECT coalesce(jsonb_agg(jsonb_build_array(x.on_date::text, x.closed, x.hours)), '[]'::jsonb)
           FROM facility_hours_exceptions x WHERE x.facility_id = facility.id AND ${EXCEPTION_WINDOW.replaceAll('$now', () => nowParam)}) AS hours_exceptions`
    : '';
  if (!filter.origin) {
    if (filter.after) where.push(`(name, id) > (${param(filter.after.sortKey)}, ${param(filter.after.id)}::uuid)`);
    return `SELECT ${SUMMARY_COLUMNS}, NULL::float8 AS distance_m, NULL::float8 AS knn ${exceptionsColumn}
         FROM facilities AS facility ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY name, id LIMIT ${sqlInteger(filter.limit)}`;
  }
  const origin = `geo_point(${param(filter.origin.lat)}::float8, ${param(filter.origin.lon)}::float8)`;
  const distance = `(geo_point(lat, lon) <-> ${origin})`;
  where.push('lat IS NOT NULL AND lon IS NOT NULL');
  let outerWhere = '';
  if (filter.after) {
    const key = param(Number(filter.after.sortKey));
    where.push(`${distance} >= ${key}::float8`);
    outerWhere = `WHERE knn > ${key}::float8 OR (knn = ${key}::float8 AND id > ${param(filter.after.id)}::uuid)`;
  }
  // earth_distance(a, b) is sec_to_gc(a <-> b): taken from the KNN value, only for the rows returned.
  return `SELECT *, sec_to_gc(knn) AS distance_m ${exceptionsColumn} FROM (
       SELECT ${SUMMARY_COLUMNS}, ${distance} AS knn
         FROM facilities WHERE ${where.join(' AND ')}
        ORDER BY ${distance} LIMIT ${sqlInteger(filter.limit + TIE_MARGIN)}
     ) AS facility ${outerWhere}
     ORDER BY knn, id LIMIT ${sqlInteger(filter.limit)}`;
}

/**
 * Whether one plan suits every value still bound in this search, so it may be a prepared statement. With
 * an area or a name, the best plan depends on the values (a small district far from the origin wants its
 * own index, not a KNN walk towards it), so those searches are planned at each execution as before.
 */
export function hasStablePlan(filter: Pick<FacilityFilter, 'origin' | 'area' | 'nameContains'>): boolean {
  return filter.origin !== undefined && filter.area === undefined && !filter.nameContains;
}

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (char) => `\\${char}`);
}

export async function findFacilityById(db: Queryable, id: string): Promise<FacilityDetailRow | undefined> {
  const result = await db.query<FacilityDetailRow>(
    `SELECT ${SUMMARY_COLUMNS}, raw_type, ownership, source_id, updated_at, NULL::float8 AS distance_m, name AS sort_key
       FROM facilities WHERE id = $1`,
    [id],
  );
  return result.rows[0];
}

/** Two days back, one ahead of `$now`: covers the local date and the day before in any zone. */
const EXCEPTION_WINDOW = `x.on_date BETWEEN ($now::timestamptz - interval '2 days')::date AND ($now::timestamptz + interval '1 day')::date`;

const exceptionsSchema = z.array(z.tuple([z.string(), z.boolean(), z.unknown()]));

export function parseHoursExceptions(value: unknown): HoursException[] {
  const parsed = exceptionsSchema.safeParse(value);
  if (!parsed.success) return [];
  return parsed.data.map(([date, closed, hours]) => ({ date, closed, hours: parseIntervals(hours) }));
}

/** Exceptions around `now` (two days back, one ahead: enough for any local date in any zone). */
export async function findHoursExceptions(
  db: Queryable,
  facilityIds: readonly string[],
  now: Date,
): Promise<Map<string, HoursException[]>> {
  const byFacility = new Map<string, HoursException[]>();
  if (facilityIds.length === 0) return byFacility;
  const result = await db.query<{ facility_id: string; on_date: string; closed: boolean; hours: unknown }>(
    `SELECT x.facility_id, x.on_date::text AS on_date, x.closed, x.hours FROM facility_hours_exceptions x
      WHERE x.facility_id = ANY($1::uuid[]) AND ${EXCEPTION_WINDOW.replaceAll('$now', () => '$2')}`,
    [facilityIds, now],
  );
  for (const row of result.rows) {
    const list = byFacility.get(row.facility_id) ?? [];
    list.push({ date: row.on_date, closed: row.closed, hours: parseIntervals(row.hours) });
    byFacility.set(row.facility_id, list);
  }
  return byFacility;
}

function parseIntervals(value: unknown): [string, string][] | null {
  if (!Array.isArray(value)) return null;
  return value.filter(
    (pair): pair is [string, string] =>
      Array.isArray(pair) && typeof pair[0] === 'string' && typeof pair[1] === 'string',
  );
}

export interface ResourceRow {
  facility_id: string;
  kind: ResourceKind;
  item: string;
  quantity: number | null;
  available: boolean;
  updated_at: Date;
  updated_by_type: 'user' | 'client' | 'system';
  updated_by_id: string;
}

export async function findResources(db: Queryable, facilityIds: readonly string[]): Promise<ResourceRow[]> {
  if (facilityIds.length === 0) return [];
  const result = await db.query<ResourceRow>(
    `SELECT facility_id, kind, item, quantity, available, updated_at, updated_by_type, updated_by_id
       FROM facility_resources WHERE facility_id = ANY($1::uuid[]) ORDER BY facility_id, kind, item`,
    [facilityIds],
  );
  return result.rows;
}

export async function facilityExists(db: Queryable, id: string): Promise<boolean> {
  const result = await db.query('SELECT 1 FROM facilities WHERE id = $1', [id]);
  return result.rows.length > 0;
}

/** Upserts each published item and writes one history row per item, with who and when. */
export async function upsertResources(
  tx: Queryable,
  facilityId: string,
  items: readonly { kind: ResourceKind; item: string; quantity: number | null; available: boolean }[],
  by: { type: 'user' | 'client'; id: string },
  at: Date,
): Promise<void> {
  await tx.query(
    `WITH upserted AS (
       INSERT INTO facility_resources (facility_id, kind, item, quantity, available, updated_at, updated_by_type, updated_by_id)
       SELECT $1, kind, item, quantity, available, $6, $7, $8
         FROM unnest($2::text[], $3::text[], $4::int[], $5::boolean[]) AS source (kind, item, quantity, available)
       ON CONFLICT (facility_id, kind, item) DO UPDATE
         SET quantity = EXCLUDED.quantity, available = EXCLUDED.available, updated_at = EXCLUDED.updated_at,
             updated_by_type = EXCLUDED.updated_by_type, updated_by_id = EXCLUDED.updated_by_id
       RETURNING id, quantity, available)
     INSERT INTO facility_resource_history (resource_id, quantity, available, changed_at, changed_by_type, changed_by_id)
     SELECT id, quantity, available, $6, $7, $8 FROM upserted`,
    [
      facilityId,
      items.map((i) => i.kind),
      items.map((i) => i.item),
      items.map((i) => i.quantity),
      items.map((i) => i.available),
      at,
      by.type,
      by.id,
    ],
  );
}

export interface HistoryRow {
  id: string;
  kind: ResourceKind;
  item: string;
  quantity: number | null;
  available: boolean;
  changed_at: Date;
  changed_by_type: string;
  changed_by_id: string;
}

/** Newest first; `beforeId` continues a page. */
export async function findResourceHistory(
  db: Queryable,
  facilityId: string,
  options: { beforeId?: string; limit: number },
): Promise<HistoryRow[]> {
  const result = await db.query<HistoryRow>(
    `SELECT h.id::text AS id, r.kind, r.item, h.quantity, h.available, h.changed_at, h.changed_by_type, h.changed_by_id
       FROM facility_resource_history h JOIN facility_resources r ON r.id = h.resource_id
      WHERE r.facility_id = $1 AND ($2::bigint IS NULL OR h.id < $2::bigint)
      ORDER BY h.id DESC LIMIT $3`,
    [facilityId, options.beforeId ?? null, options.limit],
  );
  return result.rows;
}

const COLUMNS = [
  ['name', 'name'],
  ['type', 'type'],
  ['services', 'services'],
  ['emergencyCapable', 'emergency_capable'],
  ['timeZone', 'time_zone'],
  ['alwaysOpen', 'always_open'],
  ['openingHours', 'opening_hours'],
  ['country', 'country'],
  ['countryIso3', 'country_iso3'],
  ['admin1', 'admin1'],
  ['admin2', 'admin2'],
  ['lat', 'lat'],
  ['lon', 'lon'],
  ['phone', 'phone'],
  ['ownership', 'ownership'],
] as const;
export type FacilityColumns = { [Field in (typeof COLUMNS)[number][0]]?: unknown };

function presentColumns(values: FacilityColumns): { column: string; value: unknown }[] {
  return COLUMNS.filter(([field]) => values[field] !== undefined).map(([field, column]) => ({
    column,
    value: toSqlValue(values[field]),
  }));
}

export async function insertFacility(db: Queryable, values: FacilityColumns): Promise<string> {
  const columns = presentColumns(values);
  const result = await db.query<{ id: string }>(
    `INSERT INTO facilities (${columns.map((entry) => entry.column).join(', ')})
     VALUES (${columns.map((_, index) => `$${index + 1}`).join(', ')}) RETURNING id`,
    columns.map((entry) => entry.value),
  );
  const id = result.rows[0]?.id;
  if (!id) throw new Error('facility insert returned no id');
  return id;
}

export async function updateFacility(db: Queryable, id: string, values: FacilityColumns, at: Date): Promise<boolean> {
  const columns = presentColumns(values);
  const result = await db.query(
    `UPDATE facilities SET ${columns.map((entry, index) => `${entry.column} = $${index + 3}`).join(', ')}, updated_at = $2 WHERE id = $1`,
    [id, at, ...columns.map((entry) => entry.value)],
  );
  return result.rowCount > 0;
}

/** jsonb values go as JSON text; arrays of text stay arrays. */
function toSqlValue(value: unknown): unknown {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) return JSON.stringify(value);
  return value;
}

export async function countFacilitiesByCountry(db: Queryable): Promise<{ key: string; count: number }[]> {
  const result = await db.query<{ key: string; count: number }>(
    'SELECT country_iso3 AS key, count(*)::int AS count FROM facilities GROUP BY country_iso3 ORDER BY country_iso3',
  );
  return result.rows;
}

export async function countFacilitiesByRegion(db: Queryable, iso3: string): Promise<{ key: string; count: number }[]> {
  const result = await db.query<{ key: string; count: number }>(
    `SELECT admin1 AS key, count(*)::int AS count FROM facilities
      WHERE country_iso3 = $1 AND admin1 IS NOT NULL GROUP BY admin1 ORDER BY admin1`,
    [iso3],
  );
  return result.rows;
}

export async function countFacilitiesByDistrict(
  db: Queryable,
  iso3: string,
  admin1: string,
): Promise<{ key: string | null; count: number }[]> {
  const result = await db.query<{ key: string | null; count: number }>(
    `SELECT admin2 AS key, count(*)::int AS count FROM facilities
      WHERE country_iso3 = $1 AND admin1 = $2 GROUP BY admin2 ORDER BY admin2 NULLS LAST`,
    [iso3, admin1],
  );
  return result.rows;
}
