import type { Queryable } from '@medlink/platform/db';

export interface CatalogPractitionerRow {
  id: string;
  full_name: string;
  specialties: string[];
  languages: string[];
  offers_remote: boolean;
  facility_ids: string[];
  /** [facility_id, weekday, start_minute, end_minute, slot_minutes, time_zone, valid_from, valid_until], by rule id. */
  rules: [string | null, number, number, number, number, string, string | null, string | null][];
}

/** Verified practitioners (the only ones ever recommended) with their affiliations and weekly rules: all, or these. */
export async function findCatalogPractitioners(
  db: Queryable,
  ids: readonly string[] | null,
): Promise<CatalogPractitionerRow[]> {
  const result = await db.query<CatalogPractitionerRow>(
    `SELECT p.id, p.full_name, p.specialties, p.languages, p.offers_remote,
            ARRAY(SELECT a.facility_id::text FROM practitioner_affiliations a WHERE a.practitioner_id = p.id) AS facility_ids,
            (SELECT coalesce(json_agg(json_build_array(r.facility_id, r.weekday, (EXTRACT(epoch FROM r.start_time) / 60)::int,
                      (EXTRACT(epoch FROM r.end_time) / 60)::int, r.slot_minutes, r.time_zone, r.valid_from::text,
                      r.valid_until::text) ORDER BY r.id), '[]')
               FROM availability_rules r WHERE r.practitioner_id = p.id) AS rules
       FROM practitioners p
      WHERE p.verification_status = 'verified' ${ids ? 'AND p.id = ANY($1::uuid[])' : ''}`,
    ids ? [ids] : [],
  );
  return result.rows;
}
