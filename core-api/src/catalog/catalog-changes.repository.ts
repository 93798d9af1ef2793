import type { Queryable } from '@medlink/platform/db';

/** The catalogues of migration 0203. */
export type CatalogName = 'facilities' | 'practitioners';

/** Past this many changed records, reloading everything is simpler and not much slower. */
export const MAX_CHANGED_RECORDS = 2000;
/** Migration 0203 keeps the change log of this many versions per catalogue. */
const KEPT_VERSIONS = 10_000;

export type CatalogChanges =
  | { version: number; changed: 'nothing' }
  | { version: number; changed: 'everything' }
  | { version: number; changed: string[] };

/**
 * The catalogue's version, and which records changed after `since` (null: a first load, everything). One
 * statement, so the version and the log agree; the log is read only when the version moved, and only near enough.
 */
export async function findCatalogChanges(
  db: Queryable,
  catalog: CatalogName,
  since: number | null,
): Promise<CatalogChanges> {
  const result = await db.query<{ version: string | number; changed: (string | null)[] | null }>(
    `SELECT v.version, CASE WHEN v.version > $2::bigint AND v.version - $2::bigint < ${KEPT_VERSIONS} THEN
         (SELECT coalesce(array_agg(c.record_id::text), '{}') FROM (
            SELECT DISTINCT record_id FROM catalog_changes WHERE catalog = $1 AND version > $2::bigint
             LIMIT ${MAX_CHANGED_RECORDS + 1}) AS c)
       END AS changed
       FROM catalog_versions v WHERE v.catalog = $1`,
    [catalog, since ?? -1],
    { name: 'catalog_changes' },
  );
  const row = result.rows[0];
  if (!row) throw new Error(`catalog_versions has no row for ${catalog} (migration 0203)`);
  const version = Number(row.version);
  if (since === null) return { version, changed: 'everything' };
  if (version === since) return { version, changed: 'nothing' };
  const changed = row.changed;
  if (!changed || changed.length > MAX_CHANGED_RECORDS || changed.includes(null))
    return { version, changed: 'everything' };
  return { version, changed: changed.filter((id): id is string => id !== null) };
}
