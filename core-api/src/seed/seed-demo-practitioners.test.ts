import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { startTestCoreApi, type TestCoreApi } from '../../test/harness';
import { insertFacility } from '../appointments/scheduling-fixtures';
import { seedDemoPractitioners } from './seed-demo-practitioners';

let api: TestCoreApi;
let lagos: string;
let nairobi: string;
beforeAll(async () => {
  api = await startTestCoreApi();
  api.deps.clock = () => new Date('2026-11-30T06:00:00Z');
  lagos = await insertFacility(api.deps.db, 'Africa/Lagos');
  nairobi = await insertFacility(api.deps.db, 'Africa/Nairobi');
  await seedDemoPractitioners(api.deps, [lagos, nairobi]);
});
afterAll(async () => {
  await api.close();
});

describe('seedDemoPractitioners', () => {
  it('creates twelve verified practitioners across specialties and French and English, plus one pending, each with an account', async () => {
    const rows = await api.deps.db.query<{
      verification_status: string;
      specialties: string[];
      languages: string[];
      role: string;
    }>(
      'SELECT p.verification_status, p.specialties, p.languages, u.role FROM practitioners p JOIN users u ON u.id = p.user_id',
    );
    expect(rows.rows.filter((row) => row.verification_status === 'verified')).toHaveLength(12);
    expect(rows.rows.filter((row) => row.verification_status === 'pending')).toHaveLength(1);
    expect(rows.rows.every((row) => row.role === 'practitioner')).toBe(true);
    expect(new Set(rows.rows.flatMap((row) => row.specialties)).size).toBeGreaterThanOrEqual(8);
    expect(rows.rows.some((row) => row.languages.includes('fr'))).toBe(true);
    expect(rows.rows.some((row) => row.languages.includes('en'))).toBe(true);
  });

  it('schedules them at the given facilities in the facility zone and remotely, so they have free slots', async () => {
    const zones = await api.deps.db.query<{ time_zone: string; facility_id: string | null }>(
      'SELECT DISTINCT time_zone, facility_id FROM availability_rules',
    );
    expect(zones.rows).toEqual(
      expect.arrayContaining([
        { time_zone: 'Africa/Lagos', facility_id: lagos },
        { time_zone: 'Africa/Nairobi', facility_id: nairobi },
        expect.objectContaining({ facility_id: null }),
      ]),
    );
    const list = await api.call('GET', '/api/v1/practitioners?limit=50');
    expect(list.body.items).toHaveLength(12);
    const slots = await api.call('GET', `/api/v1/practitioners/${list.body.items[0].id}/slots`);
    expect(slots.body.slots.length).toBeGreaterThan(0);
  });

  it('keeps one generated demo password that signs a practitioner in, and does nothing the second time', async () => {
    const password = (await readFile(path.join(api.deps.env.DATA_DIR, 'secrets', 'demo_password'), 'utf8')).trim();
    expect(password.length).toBeGreaterThanOrEqual(16);
    const login = await api.call('POST', '/api/v1/auth/login', {
      body: { email: 'awa.diop@demo.medlink.local', password },
    });
    expect(login.status).toBe(200);
    expect(login.body.accessToken).toEqual(expect.any(String));
    await seedDemoPractitioners(api.deps, [lagos]);
    expect((await api.deps.db.query('SELECT 1 FROM practitioners')).rowCount).toBe(13);
  });
});
