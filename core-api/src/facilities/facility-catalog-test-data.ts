import type { Queryable } from '@medlink/platform/db';
import { FACILITY_SERVICES, FACILITY_TYPES } from './facility-vocabulary';

/** A seeded generator (mulberry32), so a failing comparison can be replayed. */
export function randomSource(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export const TEST_CITIES = [
  { lat: 14.69, lon: -17.44, zone: 'Africa/Dakar', country: 'Senegal', iso3: 'SEN', regions: ['Dakar', 'Thiès'] },
  { lat: -1.29, lon: 36.82, zone: 'Africa/Nairobi', country: 'Kenya', iso3: 'KEN', regions: ['Nairobi', 'Kiambu'] },
  { lat: 6.52, lon: 3.38, zone: 'Africa/Lagos', country: 'Nigeria', iso3: 'NGA', regions: ['Lagos', 'Ogun'] },
] as const;

const WEEKDAYS = { mon: [['08:00', '17:00']], tue: [['08:00', '17:00']], wed: [['08:00', '17:00']] };
const SCHEDULES = [
  WEEKDAYS,
  { ...WEEKDAYS, thu: [['08:00', '17:00']], fri: [['08:00', '12:00']], sat: [['09:00', '13:00']] },
  { fri: [['20:00', '08:00']], sat: [['20:00', '08:00']], sun: [['07:30', '19:30']] },
];

interface FacilityFields {
  name: string;
  type: string;
  services: string;
  emergency: boolean;
  zone: string;
  hours: string | null;
  alwaysOpen: boolean;
  country: string;
  iso3: string;
  admin1: string | null;
  admin2: string | null;
  lat: number;
  lon: number;
  phone: string | null;
}

const pick = <Value>(random: () => number, values: readonly Value[]): Value =>
  values[Math.floor(random() * values.length)]!;

/**
 * Facilities around three cities, with what makes searches differ: every type, random service sets, emergency
 * capability, 24/7, weekly, night and unknown hours, areas at each level (some unknown), exact duplicate
 * points, and dated closures or changed hours around `around`.
 */
export async function insertRandomFacilities(
  db: Queryable,
  random: () => number,
  count: number,
  around: Date,
): Promise<void> {
  const rows: FacilityFields[] = [];
  for (let index = 0; index < count; index += 1) {
    const city = pick(random, TEST_CITIES);
    const previous = rows.at(-1);
    const isDuplicate = previous !== undefined && random() < 0.04;
    const services = FACILITY_SERVICES.filter(() => random() < 0.3);
    const alwaysOpen = random() < 0.15;
    rows.push({
      name: `Facility ${index}`,
      type: pick(random, FACILITY_TYPES),
      services: services.join(','),
      emergency: services.includes('emergency') || random() < 0.05,
      zone: city.zone,
      hours: alwaysOpen || random() < 0.1 ? null : JSON.stringify(pick(random, SCHEDULES)),
      alwaysOpen,
      country: city.country,
      iso3: city.iso3,
      admin1: random() < 0.1 ? null : pick(random, city.regions),
      admin2: random() < 0.5 ? null : `District ${Math.floor(random() * 3)}`,
      lat: isDuplicate ? previous.lat : city.lat + (random() - 0.5) * 0.6,
      lon: isDuplicate ? previous.lon : city.lon + (random() - 0.5) * 0.6,
      phone: random() < 0.3 ? `+2547${String(index).padStart(8, '0')}` : null,
    });
  }
  const column = (key: keyof FacilityFields) => rows.map((row) => row[key]);
  await db.query(
    `INSERT INTO facilities (name, type, services, emergency_capable, time_zone, opening_hours, always_open, country,
                             country_iso3, admin1, admin2, lat, lon, phone)
     SELECT name, type, string_to_array(services, ','), emergency, zone, hours::jsonb, always_open, country, iso3,
            admin1, admin2, lat, lon, phone
       FROM unnest($1::text[], $2::text[], $3::text[], $4::boolean[], $5::text[], $6::text[], $7::boolean[], $8::text[],
                   $9::text[], $10::text[], $11::text[], $12::float8[], $13::float8[], $14::text[])
         AS source (name, type, services, emergency, zone, hours, always_open, country, iso3, admin1, admin2, lat, lon, phone)`,
    [
      column('name'),
      column('type'),
      column('services'),
      column('emergency'),
      column('zone'),
      column('hours'),
      column('alwaysOpen'),
      column('country'),
      column('iso3'),
      column('admin1'),
      column('admin2'),
      column('lat'),
      column('lon'),
      column('phone'),
    ],
  );
  await db.query(
    `INSERT INTO facility_hours_exceptions (facility_id, on_date, closed, hours)
     SELECT id, ($1::timestamptz)::date + (abs(hashtext(id::text)) % 3) - 1, hashtext(name) % 2 = 0,
            CASE WHEN hashtext(name) % 2 = 0 THEN NULL ELSE '[["20:00", "08:00"]]'::jsonb END
       FROM facilities WHERE abs(hashtext(id::text)) % 10 = 0`,
    [around],
  );
}

/** Practitioners at random facilities (and some remote), with weekly rules, some on leave, some not verified. */
export async function insertRandomPractitioners(
  db: Queryable,
  random: () => number,
  count: number,
  around: Date,
): Promise<void> {
  const specialties = ['general', 'pediatrics', 'obstetrics', 'internal_medicine', 'surgery', 'mental_health'];
  for (let index = 0; index < count; index += 1) {
    const status = random() < 0.85 ? 'verified' : pick(random, ['pending', 'suspended']);
    const languages = pick(random, [['fr'], ['en'], ['fr', 'en']]);
    const facility = random() < 0.8 ? await randomFacility(db, random) : null;
    const { rows } = await db.query<{ id: string }>(
      `INSERT INTO practitioners (full_name, specialties, languages, licence_number, verification_status, offers_remote, time_zone)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
      [
        `Dr Test ${index}`,
        [pick(random, specialties)],
        languages,
        `LIC-CAT-${index}`,
        status,
        random() < 0.25,
        facility?.time_zone ?? 'Africa/Lagos',
      ],
    );
    const id = rows[0]?.id;
    if (facility)
      await db.query('INSERT INTO practitioner_affiliations (practitioner_id, facility_id) VALUES ($1, $2)', [
        id,
        facility.id,
      ]);
    await db.query(
      `INSERT INTO availability_rules (practitioner_id, facility_id, weekday, start_time, end_time, slot_minutes, time_zone)
       SELECT $1, $2, weekday, '08:00', '16:00', 30, $3 FROM generate_series(1, 5) AS weekday`,
      [id, facility?.id ?? null, facility?.time_zone ?? 'Africa/Lagos'],
    );
    if (random() < 0.1)
      await db.query(
        `INSERT INTO availability_exceptions (practitioner_id, kind, starts_at, ends_at)
         VALUES ($1, 'unavailable', $2::timestamptz - interval '1 day', $2::timestamptz + interval '2 days')`,
        [id, around],
      );
  }
}

async function randomFacility(db: Queryable, random: () => number) {
  const { rows } = await db.query<{ id: string; time_zone: string }>(
    'SELECT id, time_zone FROM facilities ORDER BY id OFFSET $1 LIMIT 1',
    [Math.floor(random() * 500)],
  );
  return rows[0];
}
