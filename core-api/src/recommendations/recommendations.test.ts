import { randomUUID } from 'node:crypto';
import type { Queryable } from '@medlink/platform/db';
import { startTestCoreApi, type TestCoreApi } from '../../test/harness';
import { facilityIdByName } from '../facilities/facilities-test-setup';
import { FIXTURE_FACILITY_FILE, loadFacilities } from '../seed/load-facilities';

let api: TestCoreApi;
let gateway: string;
// Friday 27 November 2026, 10:00 in Dakar (UTC+0).
const FRIDAY_MORNING = new Date('2026-11-27T10:00:00Z');
// Saturday 28 November 2026, 15:00 in Dakar: health centres are closed, hospitals are not.
const SATURDAY_AFTERNOON = new Date('2026-11-28T15:00:00Z');
const DAKAR = 'lat=14.6937&lon=-17.4441';

async function insertPractitioner(
  db: Queryable,
  fields: {
    name: string;
    specialties: string[];
    languages: string[];
    status: string;
    facilityId?: string;
    remote?: boolean;
  },
) {
  const id = randomUUID();
  await db.query(
    `INSERT INTO practitioners (id, full_name, specialties, languages, licence_number, verification_status, offers_remote, time_zone)
     VALUES ($1, $2, $3, $4, $5, $6, $7, 'Africa/Dakar')`,
    [id, fields.name, fields.specialties, fields.languages, `LIC-${id}`, fields.status, fields.remote ?? false],
  );
  if (fields.facilityId)
    await db.query('INSERT INTO practitioner_affiliations (practitioner_id, facility_id) VALUES ($1, $2)', [
      id,
      fields.facilityId,
    ]);
  for (let weekday = 0; weekday < 7; weekday += 1) {
    await db.query(
      `INSERT INTO availability_rules (practitioner_id, facility_id, weekday, start_time, end_time, slot_minutes, time_zone)
       VALUES ($1, $2, $3, '08:00', '18:00', 20, 'Africa/Dakar')`,
      [id, fields.facilityId ?? null, weekday],
    );
  }
  return id;
}

async function insertFacility(
  db: Queryable,
  fields: {
    id?: string;
    name: string;
    type: string;
    services: string[];
    lat: number;
    lon: number;
    alwaysOpen: boolean;
  },
) {
  const result = await db.query<{ id: string }>(
    `INSERT INTO facilities (id, name, type, services, emergency_capable, time_zone, always_open, opening_hours, country, country_iso3, admin1, lat, lon)
     VALUES ($1, $2, $3, $4, $5, 'Africa/Dakar', $6, $7, 'Senegal', 'SEN', 'Tambacounda', $8, $9) RETURNING id`,
    [
      fields.id ?? randomUUID(),
      fields.name,
      fields.type,
      fields.services,
      fields.services.includes('emergency'),
      fields.alwaysOpen,
      fields.alwaysOpen
        ? null
        : JSON.stringify({
            mon: [['08:00', '17:00']],
            tue: [['08:00', '17:00']],
            wed: [['08:00', '17:00']],
            thu: [['08:00', '17:00']],
            fri: [['08:00', '17:00']],
          }),
      fields.lat,
      fields.lon,
    ],
  );
  return result.rows[0]?.id ?? '';
}

const verifiedIds: string[] = [];
const refusedIds: string[] = [];

beforeAll(async () => {
  api = await startTestCoreApi({ RESOURCE_STALE_AFTER_H: '48' });
  api.deps.clock = () => FRIDAY_MORNING;
  gateway = api.tokenFor({ kind: 'client', clientId: 'bot-gateway', scopes: ['gateway'] });
  const db = api.deps.db;
  await loadFacilities(db, { file: FIXTURE_FACILITY_FILE, limit: 0 });
  const hlm = await facilityIdByName(db, 'Hlm Centre de Santé');
  const grandYoff = await facilityIdByName(db, 'Grand Yoff Hôpital Général');
  verifiedIds.push(
    await insertPractitioner(db, {
      name: 'Dr Awa Diop',
      specialties: ['obstetrics'],
      languages: ['fr', 'wo'],
      status: 'verified',
      facilityId: hlm,
    }),
  );
  verifiedIds.push(
    await insertPractitioner(db, {
      name: 'Dr Moussa Fall',
      specialties: ['obstetrics', 'surgery'],
      languages: ['fr'],
      status: 'verified',
      facilityId: grandYoff,
    }),
  );
  verifiedIds.push(
    await insertPractitioner(db, {
      name: 'Dr Grace Mensah',
      specialties: ['general'],
      languages: ['en'],
      status: 'verified',
      remote: true,
    }),
  );
  refusedIds.push(
    await insertPractitioner(db, {
      name: 'Dr Pending',
      specialties: ['obstetrics'],
      languages: ['fr'],
      status: 'pending',
      facilityId: hlm,
      remote: true,
    }),
  );
  refusedIds.push(
    await insertPractitioner(db, {
      name: 'Dr Suspended',
      specialties: ['obstetrics', 'general'],
      languages: ['fr'],
      status: 'suspended',
      facilityId: grandYoff,
      remote: true,
    }),
  );
});
afterAll(async () => {
  await api.close();
});

async function recommend(query: string, token = gateway) {
  return api.call('GET', `/api/v1/recommendations?${query}`, { token });
}

async function servicesOf(ids: string[]) {
  const result = await api.deps.db.query<{ id: string; services: string[]; emergency_capable: boolean }>(
    'SELECT id, services, emergency_capable FROM facilities WHERE id = ANY($1::uuid[])',
    [ids],
  );
  return result.rows;
}

describe('GET /api/v1/recommendations', () => {
  it('never recommends an unverified or suspended practitioner', async () => {
    const res = await recommend(`need=obstetrics&${DAKAR}&lang=fr&limit=20`);
    expect(res.status).toBe(200);
    const ids = res.body.practitioners.map((p: { id: string }) => p.id);
    expect(ids).toEqual(expect.arrayContaining(verifiedIds));
    for (const refused of refusedIds) expect(ids).not.toContain(refused);
    const awa = res.body.practitioners.find((p: { name: string }) => p.name === 'Dr Awa Diop');
    expect(awa.reasons[0]).toMatch(/^obstétricien·ne à Hlm Centre de Santé, [\d,]+ km, créneau libre dans/);
    expect(awa.reasons).toContain('parle français');
  });

  it('never recommends a facility without the needed service', async () => {
    for (const need of ['obstetrics', 'dentistry', 'surgery', 'laboratory']) {
      const res = await recommend(`need=${need}&${DAKAR}&limit=20`);
      expect(res.status).toBe(200);
      expect(res.body.facilities.length).toBeGreaterThan(0);
      const service =
        { obstetrics: 'maternity', dentistry: 'dental', surgery: 'surgery', laboratory: 'laboratory' }[need] ?? '';
      for (const row of await servicesOf(res.body.facilities.map((f: { id: string }) => f.id)))
        expect(row.services).toContain(service);
    }
  });

  it('at emergency level recommends only facilities open now and emergency capable, and no appointment', async () => {
    api.deps.clock = () => SATURDAY_AFTERNOON;
    try {
      const closedHospital = await facilityIdByName(api.deps.db, 'Principal Hôpital');
      await api.deps.db.query(
        `INSERT INTO facility_hours_exceptions (facility_id, on_date, closed) VALUES ($1, '2026-11-28', true)`,
        [closedHospital],
      );
      const res = await recommend(`need=obstetrics&level=emergency&${DAKAR}&limit=20&lang=en`);
      expect(res.status).toBe(200);
      expect(res.body.practitioners).toEqual([]);
      expect(res.body.facilities.length).toBeGreaterThan(0);
      for (const facility of res.body.facilities)
        expect(facility).toMatchObject({ openNow: true, emergencyCapable: true });
      for (const row of await servicesOf(res.body.facilities.map((f: { id: string }) => f.id)))
        expect(row.emergency_capable).toBe(true);
      expect(res.body.facilities.map((f: { id: string }) => f.id)).not.toContain(closedHospital);
      expect(res.body.facilities[0].reasons[0]).toMatch(/^nearest open maternity, [\d.]+ km$/);
    } finally {
      api.deps.clock = () => FRIDAY_MORNING;
    }
  });

  it('breaks score ties by distance, then name, then id', async () => {
    const point = { lat: 13.5, lon: -13.5 };
    const common = { type: 'dispensary', services: ['outpatient', 'vaccination'], alwaysOpen: false, ...point };
    await insertFacility(api.deps.db, { ...common, name: 'Dispensaire Beta' });
    await insertFacility(api.deps.db, {
      ...common,
      id: '00000000-0000-4000-8000-0000000000b2',
      name: 'Dispensaire Alpha',
    });
    await insertFacility(api.deps.db, {
      ...common,
      id: '00000000-0000-4000-8000-0000000000b1',
      name: 'Dispensaire Alpha',
    });
    await insertFacility(api.deps.db, { ...common, name: 'Dispensaire Aardvark', lat: 13.52 });
    const res = await recommend(`need=vaccination&lat=${point.lat}&lon=${point.lon}&limit=4`);
    expect(res.body.facilities.map((f: { name: string; id: string }) => `${f.name} ${f.id.slice(-2)}`)).toEqual([
      'Dispensaire Alpha b1',
      'Dispensaire Alpha b2',
      expect.stringMatching(/^Dispensaire Beta /),
      expect.stringMatching(/^Dispensaire Aardvark /),
    ]);
    const scores = res.body.facilities.map((f: { score: number }) => f.score);
    expect(scores[0]).toBe(scores[2]);
    expect(scores[3]).toBeLessThan(scores[0]);
  });

  it('counts stale resources for less and says so, in French and in English', async () => {
    const point = { lat: 12.5, lon: -12.2 };
    const common = { type: 'maternity', services: ['maternity', 'outpatient'], alwaysOpen: true, ...point };
    const stale = await insertFacility(api.deps.db, { ...common, name: 'Maternité Ancienne' });
    const fresh = await insertFacility(api.deps.db, { ...common, name: 'Maternité Zénith' });
    const publish = (facilityId: string, at: Date) =>
      api.deps.db.query(
        `INSERT INTO facility_resources (facility_id, kind, item, quantity, available, updated_at, updated_by_type, updated_by_id)
         VALUES ($1, 'beds', 'maternity', 4, true, $2, 'system', 'test')`,
        [facilityId, at],
      );
    await publish(stale, new Date(FRIDAY_MORNING.getTime() - 72 * 3_600_000));
    await publish(fresh, new Date(FRIDAY_MORNING.getTime() - 2 * 3_600_000));
    const en = await recommend(`need=obstetrics&lat=${point.lat}&lon=${point.lon}&lang=en&limit=2`);
    expect(en.body.facilities.map((f: { id: string }) => f.id)).toEqual([fresh, stale]);
    expect(en.body.facilities[0].score).toBeGreaterThan(en.body.facilities[1].score);
    expect(en.body.facilities[0].reasons).toEqual(['nearest open maternity, 0 km, 4 free beds']);
    expect(en.body.facilities[1].reasons).toEqual([
      'nearest open maternity, 0 km, 4 free beds',
      'figures published 3 days ago, may be out of date',
    ]);
    const fr = await recommend(`need=obstetrics&lat=${point.lat}&lon=${point.lon}&lang=fr&limit=2`);
    expect(fr.body.facilities[0].reasons).toEqual(['maternité ouverte la plus proche, 0 km, 4 lits libres']);
    expect(fr.body.facilities[1].reasons[1]).toBe('chiffres publiés il y a 3 jours, peut-être plus à jour');
  });

  it("gives a practitioner's next free slot after their live appointments, and ratings from counted reviews only", async () => {
    const db = api.deps.db;
    const moussa = verifiedIds[1] ?? '';
    const grandYoff = await facilityIdByName(db, 'Grand Yoff Hôpital Général');
    const patient = (await db.query<{ id: string }>('INSERT INTO patients DEFAULT VALUES RETURNING id')).rows[0]?.id;
    const appointment = async (startsAt: string, minutes: number, status: string) =>
      (
        await db.query<{ id: string }>(
          `INSERT INTO appointments (practitioner_id, patient_id, facility_id, starts_at, ends_at, status)
           VALUES ($1, $2, $3, $4::timestamptz, $4::timestamptz + make_interval(mins => $5), $6) RETURNING id`,
          [moussa, patient, grandYoff, startsAt, minutes, status],
        )
      ).rows[0]?.id;
    await appointment('2026-11-27T10:20:00Z', 40, 'confirmed');
    await appointment('2026-11-27T11:00:00Z', 20, 'cancelled');
    for (const [day, rating, state] of [
      ['16', 5, 'published'],
      ['17', 5, 'pending'],
      ['18', 1, 'rejected'],
    ] as const) {
      await db.query(
        `INSERT INTO reviews (appointment_id, patient_id, practitioner_id, facility_id, rating, moderation_state) VALUES ($1, $2, $3, $4, $5, $6)`,
        [await appointment(`2026-11-${day}T09:00:00Z`, 20, 'completed'), patient, moussa, grandYoff, rating, state],
      );
    }
    const res = await recommend(`need=obstetrics&${DAKAR}&lang=en&limit=20`);
    const practitioner = res.body.practitioners.find((p: { id: string }) => p.id === moussa);
    // 10:00 has started; 10:20-11:00 is booked; the cancelled 11:00 appointment frees its slot again.
    expect(practitioner).toMatchObject({
      nextFreeSlot: '2026-11-27T11:00:00.000Z',
      rating: { rating: 3.93, count: 2 },
      facilityId: grandYoff,
    });
    expect(res.body.facilities.find((f: { id: string }) => f.id === grandYoff)).toMatchObject({
      rating: { rating: 3.93, count: 2 },
    });
    const awa = res.body.practitioners.find((p: { name: string }) => p.name === 'Dr Awa Diop');
    expect(awa).toMatchObject({ nextFreeSlot: '2026-11-27T10:20:00.000Z', rating: { rating: 3.5, count: 0 } });
  });

  it('is for staff and the gateway only, and rejects a bad query with a 400 problem', async () => {
    expect((await api.call('GET', `/api/v1/recommendations?need=general&${DAKAR}`)).status).toBe(401);
    const stockSystem = api.tokenFor({ kind: 'client', clientId: 'stock', scopes: ['resources:write'] });
    expect((await recommend(`need=general&${DAKAR}`, stockSystem)).status).toBe(403);
    const practitioner = api.tokenFor({ kind: 'user', userId: randomUUID(), role: 'practitioner' });
    expect((await recommend(`need=general&${DAKAR}`, practitioner)).status).toBe(200);
    const bad = await recommend('need=astrology&lat=100&lon=0&lang=de');
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path)).toEqual(
      expect.arrayContaining(['query.need', 'query.lat', 'query.lang']),
    );
  });

  // Last: the remote practitioners it adds would fill the remote places of the tests above.
  it('takes remote practitioners who speak the patient’s language first, then the others, in id order', async () => {
    const frenchOnly: string[] = [];
    for (let n = 0; n < 11; n += 1) {
      const id = `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
      await api.deps.db.query(
        `INSERT INTO practitioners (id, full_name, specialties, languages, licence_number, verification_status, offers_remote, time_zone)
         VALUES ($1, $2, '{general}', '{fr}', $3, 'verified', true, 'Africa/Dakar')`,
        [id, `Dr Remote ${n}`, `LIC-REMOTE-${n}`],
      );
      frenchOnly.push(id);
    }
    const remoteIds = async (lang: string) =>
      (await recommend(`need=general&lang=${lang}&limit=20`)).body.practitioners
        .filter((p: { remote: boolean }) => p.remote)
        .map((p: { id: string }) => p.id);
    const english = await remoteIds('en');
    expect(english).toHaveLength(10);
    expect(english).toContain(verifiedIds[2]);
    expect(english.filter((id: string) => id !== verifiedIds[2]).sort()).toEqual(frenchOnly.slice(0, 9));
    const french = await remoteIds('fr');
    expect(french.sort()).toEqual(frenchOnly.slice(0, 10));
  });
});
