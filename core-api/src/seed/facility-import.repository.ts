import type { Db, Queryable } from '@medlink/platform/db';
import type { FacilityRecord } from './to-facility-record';

const BATCH_SIZE = 2000;

/**
 * Bulk insert: one INSERT ... SELECT FROM unnest(arrays) per batch of 2,000 rows (15 parameters per batch
 * however many rows, so no 65,535-parameter ceiling), all batches in one transaction: a failed load
 * leaves nothing behind. Rows already loaded (same source id) are skipped, so a rerun is harmless.
 * Runs the same on PostgreSQL and PGlite.
 */
export async function insertFacilityRecords(db: Db, records: readonly FacilityRecord[]): Promise<number> {
  return db.transaction(async (tx) => {
    let inserted = 0;
    for (let start = 0; start < records.length; start += BATCH_SIZE) {
      inserted += await insertBatch(tx, records.slice(start, start + BATCH_SIZE));
    }
    return inserted;
  });
}

async function insertBatch(tx: Queryable, batch: readonly FacilityRecord[]): Promise<number> {
  const result = await tx.query(
    `INSERT INTO facilities (source_id, name, type, raw_type, ownership, services, emergency_capable, time_zone,
                             opening_hours, always_open, country, country_iso3, admin1, lat, lon)
     SELECT source_id, name, type, raw_type, ownership, string_to_array(services, ','), emergency_capable, time_zone,
            opening_hours::jsonb, always_open, country, country_iso3, admin1, lat, lon
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::boolean[], $8::text[],
                   $9::text[], $10::boolean[], $11::text[], $12::text[], $13::text[], $14::float8[], $15::float8[])
         AS source (source_id, name, type, raw_type, ownership, services, emergency_capable, time_zone,
                    opening_hours, always_open, country, country_iso3, admin1, lat, lon)
     ON CONFLICT (source_id) DO NOTHING`,
    [
      batch.map((r) => r.sourceId),
      batch.map((r) => r.name),
      batch.map((r) => r.type),
      batch.map((r) => r.rawType),
      batch.map((r) => r.ownership),
      batch.map((r) => r.services.join(',')),
      batch.map((r) => r.emergencyCapable),
      batch.map((r) => r.timeZone),
      batch.map((r) => (r.openingHours ? JSON.stringify(r.openingHours) : null)),
      batch.map((r) => r.alwaysOpen),
      batch.map((r) => r.country),
      batch.map((r) => r.countryIso3),
      batch.map((r) => r.admin1),
      batch.map((r) => r.lat),
      batch.map((r) => r.lon),
    ],
  );
  return result.rowCount;
}

export async function countFacilities(db: Queryable): Promise<number> {
  const result = await db.query<{ count: string }>(
    'SELECT count(*)::text AS count FROM (SELECT 1 FROM facilities LIMIT 1) AS any_row',
  );
  return Number(result.rows[0]?.count ?? 0);
}

export interface DemoResource {
  facilityId: string;
  kind: 'beds' | 'medicine' | 'equipment';
  item: string;
  quantity: number | null;
  available: boolean;
  updatedAt: Date;
}

/** Demo resources and their first history row, published by the system (never presented as a person's report). */
export async function insertSystemResources(
  db: Db,
  resources: readonly DemoResource[],
  publisher: string,
): Promise<void> {
  if (resources.length === 0) return;
  await db.transaction(async (tx) => {
    await tx.query(
      `WITH inserted AS (
         INSERT INTO facility_resources (facility_id, kind, item, quantity, available, updated_at, updated_by_type, updated_by_id)
         SELECT facility_id, kind, item, quantity, available, updated_at, 'system', $7
           FROM unnest($1::uuid[], $2::text[], $3::text[], $4::int[], $5::boolean[], $6::timestamptz[])
             AS source (facility_id, kind, item, quantity, available, updated_at)
         ON CONFLICT (facility_id, kind, item) DO NOTHING
         RETURNING id, quantity, available, updated_at)
       INSERT INTO facility_resource_history (resource_id, quantity, available, changed_at, changed_by_type, changed_by_id)
       SELECT id, quantity, available, updated_at, 'system', $7 FROM inserted`,
      [
        resources.map((r) => r.facilityId),
        resources.map((r) => r.kind),
        resources.map((r) => r.item),
        resources.map((r) => r.quantity),
        resources.map((r) => r.available),
        resources.map((r) => r.updatedAt.toISOString()),
        publisher,
      ],
    );
  });
}

/** Facilities to give demo resources and practitioners: hospitals and health centres with a location. */
export async function findDemoAnchorFacilities(
  db: Queryable,
): Promise<{ id: string; type: string; countryIso3: string }[]> {
  const result = await db.query<{ id: string; type: string; country_iso3: string }>(
    `SELECT id, type, country_iso3 FROM facilities
      WHERE type IN ('referral_hospital', 'hospital', 'health_centre', 'maternity', 'clinic') AND lat IS NOT NULL
      ORDER BY country_iso3, source_id`,
  );
  return result.rows.map((row) => ({ id: row.id, type: row.type, countryIso3: row.country_iso3 }));
}
