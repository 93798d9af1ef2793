import type { Db } from '@medlink/platform/db';

/** 20,000 verified practitioners, each affiliated with one located facility and holding Mon-Fri sessions there. */
export async function generatePractitioners(db: Db, count: number): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query(
      `CREATE TEMP TABLE bench_practitioners ON COMMIT DROP AS
       WITH located AS (
         SELECT id, time_zone, row_number() OVER (ORDER BY source_id) AS n, count(*) OVER () AS total
           FROM facilities WHERE lat IS NOT NULL AND type IN ('referral_hospital', 'hospital', 'health_centre', 'clinic', 'maternity')
       )
       SELECT g, gen_random_uuid() AS id, located.id AS facility_id, located.time_zone,
              (ARRAY['general', 'general', 'general', 'pediatrics', 'obstetrics', 'internal_medicine', 'surgery', 'mental_health', 'dentistry', 'ophthalmology', 'dermatology'])[1 + g % 11] AS specialty
         FROM generate_series(1, $1::int) AS g JOIN located ON located.n = 1 + (g::bigint * 7919) % located.total`,
      [count],
    );
    await tx.query(
      `INSERT INTO practitioners (id, full_name, specialties, languages, licence_number, verification_status, offers_remote, time_zone)
       SELECT id, 'Dr Bench ' || g, ARRAY[specialty],
              CASE g % 3 WHEN 0 THEN '{en}'::text[] WHEN 1 THEN '{fr}'::text[] ELSE '{fr,en}'::text[] END,
              'BENCH-' || g, 'verified', g % 10 = 0, time_zone
         FROM bench_practitioners`,
    );
    await tx.query(
      'INSERT INTO practitioner_affiliations (practitioner_id, facility_id) SELECT id, facility_id FROM bench_practitioners',
    );
    await tx.query(
      `INSERT INTO availability_rules (practitioner_id, facility_id, weekday, start_time, end_time, slot_minutes, time_zone)
       SELECT id, facility_id, weekday, '08:00', '17:00', 20, time_zone FROM bench_practitioners CROSS JOIN generate_series(1, 5) AS weekday`,
    );
  });
}
