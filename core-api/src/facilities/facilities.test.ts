import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import { startTestCoreApi, type TestCoreApi } from '../../test/harness';
import { FIXTURE_FACILITY_FILE, loadFacilities } from '../seed/load-facilities';
import { facilityIdByName, insertTestUser } from './facilities-test-setup';

let api: TestCoreApi;
// Friday 27 November 2026, 10:00 UTC: 10:00 in Dakar, 11:00 in Lagos, 13:00 in Nairobi.
const FRIDAY_MORNING = new Date('2026-11-27T10:00:00Z');
// Saturday 28 November 2026, 15:00 UTC: health centres and posts are closed, hospitals are not.
const SATURDAY_AFTERNOON = new Date('2026-11-28T15:00:00Z');
const DAKAR = { lat: 14.6937, lon: -17.4441 };

beforeAll(async () => {
  api = await startTestCoreApi();
  await loadFacilities(api.deps.db, { file: FIXTURE_FACILITY_FILE, limit: 0 });
  api.deps.clock = () => FRIDAY_MORNING;
});
afterAll(async () => {
  await api.close();
});

function haversineKm(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const rad = (deg: number) => (deg * Math.PI) / 180;
  const h =
    Math.sin(rad(b.lat - a.lat) / 2) ** 2 +
    Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(rad(b.lon - a.lon) / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.sqrt(h));
}

describe('GET /api/v1/facilities', () => {
  it('returns the nearest facilities first, in the order and at the distances computed independently from the fixture', async () => {
    const rows: { facility_name: string; lat: string; lon: string }[] = parse(await readFile(FIXTURE_FACILITY_FILE), {
      columns: true,
    });
    const expected = rows
      .filter((row) => row.lat && row.lon)
      .map((row) => ({
        name: row.facility_name,
        km: haversineKm(DAKAR, { lat: Number(row.lat), lon: Number(row.lon) }),
      }))
      .sort((a, b) => a.km - b.km)
      .slice(0, 8);
    const res = await api.call('GET', `/api/v1/facilities?lat=${DAKAR.lat}&lon=${DAKAR.lon}&limit=8`);
    expect(res.status).toBe(200);
    expect(res.body.items.map((item: { name: string }) => item.name)).toEqual(expected.map((item) => item.name));
    res.body.items.forEach((item: { distanceKm: number }, index: number) => {
      expect(item.distanceKm).toBeCloseTo(expected[index]?.km ?? -1, 0);
    });
  });

  it('pages with a cursor without skipping or repeating a facility', async () => {
    const whole = await api.call('GET', `/api/v1/facilities?lat=${DAKAR.lat}&lon=${DAKAR.lon}&limit=30`);
    const first = await api.call('GET', `/api/v1/facilities?lat=${DAKAR.lat}&lon=${DAKAR.lon}&limit=12`);
    const second = await api.call(
      'GET',
      `/api/v1/facilities?lat=${DAKAR.lat}&lon=${DAKAR.lon}&limit=18&cursor=${first.body.nextCursor}`,
    );
    const ids = [...first.body.items, ...second.body.items].map((item: { id: string }) => item.id);
    expect(ids).toEqual(whole.body.items.map((item: { id: string }) => item.id));
    const byName = await api.call('GET', '/api/v1/facilities?limit=100');
    const names = byName.body.items.map((item: { name: string }) => item.name);
    expect(names).toHaveLength(59);
    expect(byName.body.nextCursor).toBeNull();
  });

  it('filters by service, type, emergency capability, admin area and name (accents ignored)', async () => {
    const maternity = await api.call(
      'GET',
      `/api/v1/facilities?lat=${DAKAR.lat}&lon=${DAKAR.lon}&service=maternity&limit=50`,
    );
    expect(maternity.body.items.length).toBeGreaterThan(0);
    for (const item of maternity.body.items) expect(item.services).toContain('maternity');
    expect(maternity.body.items.map((item: { type: string }) => item.type)).not.toContain('health_post');

    const posts = await api.call('GET', '/api/v1/facilities?type=health_post&adminArea=SEN/Dakar');
    expect(posts.body.items.map((item: { name: string }) => item.name).sort()).toEqual([
      'Fass Poste de Santé',
      'HLM Fass Poste de Santé',
      'Hlm Poste de Santé',
    ]);

    const emergency = await api.call('GET', '/api/v1/facilities?emergency=true&adminArea=KEN');
    expect(emergency.body.items.length).toBeGreaterThan(0);
    for (const item of emergency.body.items) expect(item.emergencyCapable).toBe(true);

    const nairobi = await api.call('GET', '/api/v1/facilities?adminArea=KEN/Nairobi&limit=100');
    for (const item of nairobi.body.items) expect(item.adminArea).toBe('KEN/Nairobi');
    expect(nairobi.body.items).toHaveLength(13);

    const hopital = await api.call('GET', '/api/v1/facilities?q=hopital&adminArea=SEN');
    expect(hopital.body.items.map((item: { name: string }) => item.name)).toEqual([
      'Grand Yoff Hôpital Général',
      'Principal Hôpital',
    ]);
  });

  it('evaluates openNow in each facility’s own time zone and honours a dated closure', async () => {
    api.deps.clock = () => SATURDAY_AFTERNOON;
    try {
      const open = await api.call('GET', `/api/v1/facilities?lat=${DAKAR.lat}&lon=${DAKAR.lon}&openNow=true&limit=50`);
      expect(open.body.items.length).toBeGreaterThan(0);
      for (const item of open.body.items) {
        expect(item.openNow).toBe(true);
        expect(item.alwaysOpen).toBe(true);
      }
      const grandYoff = await facilityIdByName(api.deps.db, 'Grand Yoff Hôpital Général');
      expect(open.body.items.map((item: { id: string }) => item.id)).toContain(grandYoff);
      await api.deps.db.query(
        `INSERT INTO facility_hours_exceptions (facility_id, on_date, closed, note) VALUES ($1, '2026-11-28', true, 'strike')`,
        [grandYoff],
      );
      const afterClosure = await api.call(
        'GET',
        `/api/v1/facilities?lat=${DAKAR.lat}&lon=${DAKAR.lon}&openNow=true&limit=50`,
      );
      expect(afterClosure.body.items.map((item: { id: string }) => item.id)).not.toContain(grandYoff);
      expect(afterClosure.body.items).toHaveLength(open.body.items.length - 1);
    } finally {
      api.deps.clock = () => FRIDAY_MORNING;
    }
    const weekday = await api.call('GET', '/api/v1/facilities?openNow=true&type=health_post&adminArea=SEN/Dakar');
    expect(weekday.body.items).toHaveLength(3);
  });

  it.each([
    ['lat without lon', '?lat=14.7', 'query.lat'],
    ['a latitude that is not a number', '?lat=abc&lon=3', 'query.lat'],
    ['an unknown service', '?service=massage', 'query.service'],
    ['a limit above 100', '?limit=1000', 'query.limit'],
    ['a malformed admin area', '?adminArea=Kenya', 'query.adminArea'],
    ['a forged cursor', '?cursor=bm90LWEtY3Vyc29y', 'query.cursor'],
  ])('answers %s with a 400 problem naming the field', async (_case, query, field) => {
    const res = await api.call('GET', `/api/v1/facilities${query}`);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.body.errors.map((error: { path: string }) => error.path)).toContain(field);
  });
});

describe('GET /api/v1/facilities/areas', () => {
  it('lists countries with names in both languages, then normalised regions, then known districts', async () => {
    const countries = await api.call('GET', '/api/v1/facilities/areas');
    expect(countries.body.level).toBe('country');
    expect(countries.body.items).toContainEqual({
      id: 'SEN',
      name: 'Senegal',
      names: { fr: 'Sénégal', en: 'Senegal' },
      facilityCount: 13,
    });

    const kenya = await api.call('GET', '/api/v1/facilities/areas?country=ken');
    const regions = kenya.body.items.map((item: { name: string }) => item.name);
    expect(regions).toEqual(expect.arrayContaining(['Homa Bay', "Murang'a", 'Nairobi']));
    expect(regions).not.toContain('Homabay');
    expect(regions).not.toContain('Muranga');
    const senegal = await api.call('GET', '/api/v1/facilities/areas?country=SEN');
    expect(senegal.body.items.map((item: { id: string }) => item.id)).toEqual(['SEN/Dakar', 'SEN/Kaolack']);

    const id = await facilityIdByName(api.deps.db, 'Kenyatta National Hospital');
    await api.deps.db.query(`UPDATE facilities SET admin2 = 'Dagoretti North' WHERE id = $1`, [id]);
    const districts = await api.call('GET', '/api/v1/facilities/areas?country=KEN&region=Nairobi');
    expect(districts.body).toEqual({
      level: 'district',
      parent: 'KEN/Nairobi',
      items: [{ id: 'KEN/Nairobi/Dagoretti North', name: 'Dagoretti North', facilityCount: 1 }],
    });
    const inDistrict = await api.call(
      'GET',
      `/api/v1/facilities?adminArea=${encodeURIComponent('KEN/Nairobi/Dagoretti North')}`,
    );
    expect(inDistrict.body.items.map((item: { id: string }) => item.id)).toEqual([id]);
  });

  it('answers an unknown country with 404 and a region without country with 400', async () => {
    expect((await api.call('GET', '/api/v1/facilities/areas?country=FRA')).status).toBe(404);
    expect((await api.call('GET', '/api/v1/facilities/areas?region=Dakar')).status).toBe(400);
  });
});

describe('facility detail and administration', () => {
  it('shows a facility with no invented phone number and says so in both languages', async () => {
    const id = await facilityIdByName(api.deps.db, 'Colobane Centre de Santé');
    const res = await api.call('GET', `/api/v1/facilities/${id}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      phone: null,
      timeZone: 'Africa/Dakar',
      type: 'health_centre',
      sourceId: expect.stringMatching(/^maina2019:\d+$/),
    });
    expect(res.body.phoneNotice.fr).toContain('MedLink');
    expect(res.body.phoneNotice.en).toContain('MedLink');
    expect((await api.call('GET', '/api/v1/facilities/00000000-0000-4000-8000-000000000000')).status).toBe(404);
  });

  it('lets a platform admin add a facility, refuses a facility admin, and rejects a bad body without writing', async () => {
    const admin = api.tokenFor({ kind: 'user', userId: await insertTestUser(api.deps.db, 'admin'), role: 'admin' });
    const body = {
      name: 'Clinique de Test',
      type: 'clinic',
      services: ['outpatient', 'dental'],
      timeZone: 'Africa/Dakar',
      openingHours: { mon: [['08:00', '17:00']] },
      country: 'Senegal',
      countryIso3: 'SEN',
      admin1: 'Dakar',
      lat: 14.7,
      lon: -17.45,
      phone: '+221338000000',
    };
    const created = await api.call('POST', '/api/v1/facilities', { token: admin, body });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: 'Clinique de Test',
      phone: '+221338000000',
      phoneNotice: null,
      emergencyCapable: false,
    });

    const facilityAdmin = api.tokenFor({
      kind: 'user',
      userId: await insertTestUser(api.deps.db, 'facility_admin'),
      role: 'facility_admin',
    });
    expect((await api.call('POST', '/api/v1/facilities', { token: facilityAdmin, body })).status).toBe(403);
    const before = await api.deps.db.query('SELECT count(*)::int AS n FROM facilities');
    const bad = await api.call('POST', '/api/v1/facilities', {
      token: admin,
      body: { ...body, timeZone: 'Mars/Olympus', lat: 95 },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((error: { path: string }) => error.path)).toEqual(
      expect.arrayContaining(['body.timeZone', 'body.lat']),
    );
    expect((await api.call('POST', '/api/v1/facilities', { body })).status).toBe(401);
    const after = await api.deps.db.query('SELECT count(*)::int AS n FROM facilities');
    expect(after.rows).toEqual(before.rows);
  });

  it('lets a facility admin change their own facility only', async () => {
    const own = await facilityIdByName(api.deps.db, 'Hlm Centre de Santé');
    const other = await facilityIdByName(api.deps.db, 'Fass Poste de Santé');
    const token = api.tokenFor({
      kind: 'user',
      userId: await insertTestUser(api.deps.db, 'facility_admin', [own]),
      role: 'facility_admin',
    });
    const changed = await api.call('PATCH', `/api/v1/facilities/${own}`, {
      token,
      body: { services: ['outpatient', 'maternity', 'dental'], phone: '+221338111111' },
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ services: ['outpatient', 'maternity', 'dental'], phone: '+221338111111' });
    expect((await api.call('PATCH', `/api/v1/facilities/${other}`, { token, body: { name: 'Hijacked' } })).status).toBe(
      403,
    );
    expect((await api.call('PATCH', `/api/v1/facilities/${own}`, { token, body: {} })).status).toBe(400);
  });
});

describe('PUT /api/v1/facilities/:id/resources', () => {
  it('lets the facility’s admin and its stock system publish, records who and when, and refuses everyone else', async () => {
    const facility = await facilityIdByName(api.deps.db, 'Gaspard Camara Centre de Santé');
    const elsewhere = await facilityIdByName(api.deps.db, 'Colobane Centre de Santé');
    const adminUserId = await insertTestUser(api.deps.db, 'facility_admin', [facility]);
    const ownAdmin = api.tokenFor({ kind: 'user', userId: adminUserId, role: 'facility_admin' });
    const otherAdmin = api.tokenFor({
      kind: 'user',
      userId: await insertTestUser(api.deps.db, 'facility_admin', [elsewhere]),
      role: 'facility_admin',
    });
    const stockSystem = api.tokenFor({
      kind: 'client',
      clientId: 'stock-gaspard',
      scopes: ['resources:write'],
      facilityId: facility,
    });
    const otherStockSystem = api.tokenFor({
      kind: 'client',
      clientId: 'stock-colobane',
      scopes: ['resources:write'],
      facilityId: elsewhere,
    });
    const gateway = api.tokenFor({ kind: 'client', clientId: 'bot-gateway', scopes: ['gateway'] });
    const practitioner = api.tokenFor({
      kind: 'user',
      userId: await insertTestUser(api.deps.db, 'practitioner'),
      role: 'practitioner',
    });
    const platformAdmin = api.tokenFor({
      kind: 'user',
      userId: await insertTestUser(api.deps.db, 'admin'),
      role: 'admin',
    });

    const published = await api.call('PUT', `/api/v1/facilities/${facility}/resources`, {
      token: ownAdmin,
      body: {
        resources: [
          { kind: 'beds', item: 'Maternity', quantity: 4, available: true },
          { kind: 'medicine', item: 'oxytocin', available: true },
        ],
      },
    });
    expect(published.status).toBe(200);
    expect(published.body.resources).toEqual([
      expect.objectContaining({
        kind: 'beds',
        item: 'maternity',
        quantity: 4,
        stale: false,
        publishedBy: { type: 'user', id: adminUserId },
      }),
      expect.objectContaining({
        kind: 'medicine',
        item: 'oxytocin',
        available: true,
        publishedBy: { type: 'user', id: adminUserId },
      }),
    ]);
    const byClient = await api.call('PUT', `/api/v1/facilities/${facility}/resources`, {
      token: stockSystem,
      body: { resources: [{ kind: 'beds', item: 'maternity', quantity: 2, available: true }] },
    });
    expect(byClient.status).toBe(200);
    expect(byClient.body.resources[0]).toMatchObject({
      quantity: 2,
      publishedBy: { type: 'client', id: 'stock-gaspard' },
    });

    const attempt = { resources: [{ kind: 'beds', item: 'maternity', quantity: 99, available: true }] };
    for (const token of [otherAdmin, otherStockSystem]) {
      expect((await api.call('PUT', `/api/v1/facilities/${facility}/resources`, { token, body: attempt })).status).toBe(
        403,
      );
    }
    for (const token of [gateway, practitioner, platformAdmin]) {
      expect((await api.call('PUT', `/api/v1/facilities/${facility}/resources`, { token, body: attempt })).status).toBe(
        403,
      );
    }
    expect((await api.call('PUT', `/api/v1/facilities/${facility}/resources`, { body: attempt })).status).toBe(401);
    expect(
      (
        await api.call('PUT', '/api/v1/facilities/00000000-0000-4000-8000-000000000000/resources', {
          token: ownAdmin,
          body: attempt,
        })
      ).status,
    ).toBe(404);
    const duplicate = await api.call('PUT', `/api/v1/facilities/${facility}/resources`, {
      token: ownAdmin,
      body: { resources: [attempt.resources[0], attempt.resources[0]] },
    });
    expect(duplicate.status).toBe(400);

    const detail = await api.call('GET', `/api/v1/facilities/${facility}`);
    expect(detail.body.resources.find((r: { kind: string }) => r.kind === 'beds').quantity).toBe(2);

    const history = await api.call('GET', `/api/v1/facilities/${facility}/resources/history`, { token: ownAdmin });
    expect(history.status).toBe(200);
    expect(
      history.body.items.map((entry: { item: string; quantity: number | null; changedBy: { id: string } }) => [
        entry.item,
        entry.quantity,
        entry.changedBy.id,
      ]),
    ).toEqual([
      ['maternity', 2, 'stock-gaspard'],
      ['oxytocin', null, adminUserId],
      ['maternity', 4, adminUserId],
    ]);
    const firstPage = await api.call('GET', `/api/v1/facilities/${facility}/resources/history?limit=2`, {
      token: platformAdmin,
    });
    const secondPage = await api.call(
      'GET',
      `/api/v1/facilities/${facility}/resources/history?limit=2&cursor=${firstPage.body.nextCursor}`,
      { token: platformAdmin },
    );
    expect([...firstPage.body.items, ...secondPage.body.items]).toEqual(history.body.items);
    expect(
      (await api.call('GET', `/api/v1/facilities/${facility}/resources/history`, { token: otherAdmin })).status,
    ).toBe(403);
    expect(
      (await api.call('GET', `/api/v1/facilities/${facility}/resources/history`, { token: practitioner })).status,
    ).toBe(403);
  });

  it('marks resources older than RESOURCE_STALE_AFTER_H as stale', async () => {
    const facility = await facilityIdByName(api.deps.db, 'Hlm Poste de Santé');
    await api.deps.db.query(
      `INSERT INTO facility_resources (facility_id, kind, item, quantity, available, updated_at, updated_by_type, updated_by_id)
       VALUES ($1, 'medicine', 'paracetamol', NULL, true, $2, 'system', 'demo-seed')`,
      [facility, new Date(FRIDAY_MORNING.getTime() - 72 * 3_600_000)],
    );
    const res = await api.call('GET', `/api/v1/facilities/${facility}`);
    expect(res.body.resources).toEqual([
      expect.objectContaining({
        item: 'paracetamol',
        stale: true,
        ageHours: 72,
        publishedBy: { type: 'system', id: 'demo-seed' },
      }),
    ]);
  });
});
