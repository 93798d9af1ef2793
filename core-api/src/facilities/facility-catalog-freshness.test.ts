import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startTestCoreApi, TEST_JWT_SECRET, type TestCoreApi } from '../../test/harness';
import { readCoreApiEnv } from '../env';
import { startCoreApi, type StartedCoreApi } from '../start';
import { insertTestUser } from './facilities-test-setup';

describe('two core-api instances on one database', () => {
  let writer: TestCoreApi;
  let reader: StartedCoreApi;
  let readerDataDir: string;
  let admin: string;
  const DAKAR = { lat: 14.6937, lon: -17.4441 };

  beforeAll(async () => {
    writer = await startTestCoreApi();
    readerDataDir = await mkdtemp(path.join(tmpdir(), 'medlink-test-'));
    reader = await startCoreApi({
      env: readCoreApiEnv({
        NODE_ENV: 'test',
        API_PORT: '0',
        DATABASE_URL: writer.deps.env.DATABASE_URL,
        DATA_DIR: readerDataDir,
        JWT_SECRET: TEST_JWT_SECRET,
        DATA_ENCRYPTION_KEY: '11'.repeat(32),
        SEED_DEMO_DATA: 'false',
        LOG_LEVEL: 'silent',
      }),
    });
    admin = writer.tokenFor({ kind: 'user', userId: await insertTestUser(writer.deps.db, 'admin'), role: 'admin' });
  });
  afterAll(async () => {
    await reader.close();
    await writer.close();
    await rm(readerDataDir, { recursive: true, force: true });
  });

  const near = async (query = '') => {
    const response = await fetch(`${reader.url}/api/v1/facilities?lat=${DAKAR.lat}&lon=${DAKAR.lon}&limit=10${query}`);
    const body = (await response.json()) as { items: { id: string; name: string; services: string[] }[] };
    return body.items;
  };
  const create = async (name: string, lat: number, lon: number) => {
    const created = await writer.call('POST', '/api/v1/facilities', {
      token: admin,
      body: {
        name,
        type: 'health_centre',
        services: ['outpatient', 'maternity'],
        timeZone: 'Africa/Dakar',
        alwaysOpen: true,
        country: 'Senegal',
        countryIso3: 'SEN',
        admin1: 'Dakar',
        lat,
        lon,
      },
    });
    expect(created.status).toBe(201);
    return created.body.id as string;
  };

  it('shows a facility created, changed or moved through the other instance at the next search', async () => {
    expect(await near()).toEqual([]);
    const id = await create('Centre de Santé Plateau', DAKAR.lat + 0.001, DAKAR.lon);
    expect((await near()).map((item) => item.id)).toEqual([id]);
    expect((await near('&service=maternity')).map((item) => item.id)).toEqual([id]);

    await writer.call('PATCH', `/api/v1/facilities/${id}`, { token: admin, body: { services: ['outpatient'] } });
    expect(await near('&service=maternity')).toEqual([]);
    expect((await near())[0]?.services).toEqual(['outpatient']);

    await writer.call('PATCH', `/api/v1/facilities/${id}`, { token: admin, body: { name: 'Centre de Santé Médina' } });
    expect((await near())[0]?.name).toBe('Centre de Santé Médina');

    const closer = await create('Poste de Santé Gorée', DAKAR.lat, DAKAR.lon);
    expect((await near()).map((item) => item.id)).toEqual([closer, id]);
    await writer.call('PATCH', `/api/v1/facilities/${closer}`, { token: admin, body: { lat: 16.0, lon: -16.0 } });
    expect((await near()).map((item) => item.id)).toEqual([id, closer]);
  });

  it('shows a closure, a deletion and a bulk change written straight in SQL at the next search', async () => {
    const id = await create('Centre de Santé Fermé', DAKAR.lat - 0.0005, DAKAR.lon);
    expect((await near('&openNow=true')).map((item) => item.id)).toContain(id);
    const today = new Date().toISOString().slice(0, 10);
    await writer.deps.db.query(
      `INSERT INTO facility_hours_exceptions (facility_id, on_date, closed) VALUES ($1, $2::date - 1, true), ($1, $2, true), ($1, $2::date + 1, true)`,
      [id, today],
    );
    expect((await near('&openNow=true')).map((item) => item.id)).not.toContain(id);
    await writer.deps.db.exec('TRUNCATE facility_hours_exceptions');
    expect((await near('&openNow=true')).map((item) => item.id)).toContain(id);

    await writer.deps.db.query('DELETE FROM facilities WHERE id = $1', [id]);
    expect((await near()).map((item) => item.id)).not.toContain(id);
  });

  it('never answers from before a write that finished before the request, while other searches keep it busy', async () => {
    const id = await create('Centre de Santé Occupé', DAKAR.lat + 0.0002, DAKAR.lon);
    let busy = true;
    const background = Promise.all(
      Array.from({ length: 8 }, async () => {
        while (busy) await near();
      }),
    );
    try {
      for (const services of [['outpatient'], ['outpatient', 'maternity'], ['dental'], ['outpatient', 'maternity']]) {
        const patched = await writer.call('PATCH', `/api/v1/facilities/${id}`, { token: admin, body: { services } });
        expect(patched.status).toBe(200);
        const found = (await near('&service=maternity')).map((item) => item.id);
        expect(found.includes(id)).toBe(services.includes('maternity'));
      }
    } finally {
      busy = false;
      await background;
    }
  });

  it('recommends a practitioner registered, verified, rescheduled, moved or suspended through the other instance', async () => {
    const facility = await create('Maternité Praticiens', DAKAR.lat - 0.01, DAKAR.lon - 0.01);
    const gateway = writer.tokenFor({ kind: 'client', clientId: 'bot-gateway', scopes: ['gateway'] });
    const listed = async () => {
      const response = await fetch(
        `${reader.url}/api/v1/recommendations?need=obstetrics&lat=${DAKAR.lat - 0.01}&lon=${DAKAR.lon - 0.01}&limit=20`,
        { headers: { authorization: `Bearer ${gateway}` } },
      );
      const body = (await response.json()) as { practitioners: { id: string; nextFreeSlot: string | null }[] };
      return body.practitioners.find((practitioner) => practitioner.id === id);
    };
    const registered = await writer.call('POST', '/api/v1/practitioners', {
      token: admin,
      body: {
        fullName: 'Dr Aminata Sow',
        specialties: ['obstetrics'],
        languages: ['fr'],
        licenceNumber: 'SN-OBS-0001',
        facilityIds: [facility],
        offersRemote: false,
        timeZone: 'Africa/Dakar',
      },
    });
    expect(registered.status).toBe(201);
    const id = registered.body.id as string;
    expect(await listed()).toBeUndefined();

    const verify = (status: string) =>
      writer.call('POST', `/api/v1/practitioners/${id}/verification`, { token: admin, body: { status } });
    expect((await verify('verified')).status).toBeLessThan(300);
    expect(await listed()).toMatchObject({ id, nextFreeSlot: null });

    const allWeek = [0, 1, 2, 3, 4, 5, 6].map((weekday) => ({
      weekday,
      start: '00:00',
      end: '24:00',
      facilityId: facility,
    }));
    const scheduled = await writer.call('PUT', `/api/v1/practitioners/${id}/availability`, {
      token: admin,
      body: { rules: allWeek },
    });
    expect(scheduled.status).toBe(200);
    expect((await listed())?.nextFreeSlot).not.toBeNull();

    await writer.call('PATCH', `/api/v1/practitioners/${id}`, { token: admin, body: { facilityIds: [] } });
    expect(await listed()).toBeUndefined();
    await writer.call('PATCH', `/api/v1/practitioners/${id}`, { token: admin, body: { facilityIds: [facility] } });
    expect(await listed()).toMatchObject({ id });
    await verify('suspended');
    expect(await listed()).toBeUndefined();
  });

  it('recommends with the facility changes and resources the other instance just published', async () => {
    const id = await create('Maternité Resources', DAKAR.lat, DAKAR.lon + 0.0001);
    const facilityAdmin = await insertTestUser(writer.deps.db, 'facility_admin', [id]);
    const token = writer.tokenFor({ kind: 'user', userId: facilityAdmin, role: 'facility_admin' });
    const gateway = writer.tokenFor({ kind: 'client', clientId: 'bot-gateway', scopes: ['gateway'] });
    const recommend = async () => {
      const response = await fetch(
        `${reader.url}/api/v1/recommendations?need=maternity&lat=${DAKAR.lat}&lon=${DAKAR.lon + 0.0001}&lang=en&limit=20`,
        { headers: { authorization: `Bearer ${gateway}` } },
      );
      const body = (await response.json()) as { facilities: { id: string; reasons: string[] }[] };
      return body.facilities.find((facility) => facility.id === id)?.reasons[0];
    };
    expect(await recommend()).toBe('nearest open maternity, 0 km');
    for (const quantity of [3, 1]) {
      await writer.call('PUT', `/api/v1/facilities/${id}/resources`, {
        token,
        body: { resources: [{ kind: 'beds', item: 'maternity', quantity, available: true }] },
      });
      expect(await recommend()).toBe(`nearest open maternity, 0 km, ${quantity} free bed${quantity > 1 ? 's' : ''}`);
    }
    await writer.call('PATCH', `/api/v1/facilities/${id}`, { token: admin, body: { services: ['outpatient'] } });
    expect(await recommend()).toBeUndefined();
    await writer.call('PATCH', `/api/v1/facilities/${id}`, { token: admin, body: { services: ['maternity'] } });
    expect(await recommend()).toBe('nearest open maternity, 0 km, 1 free bed');
  });
});
