import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { startTestCoreApi, type TestCoreApi } from '../../test/harness';
import { insertFacility, insertStaffUser, manualClock } from '../appointments/scheduling-fixtures';
import { SPECIALTIES } from './specialties';

let api: TestCoreApi;
const clock = manualClock('2026-11-30T06:00:00Z');
let admin: string;
let adminUserId: string;
let lagos: string;
let nairobi: string;

beforeAll(async () => {
  api = await startTestCoreApi();
  api.deps.clock = clock.now;
  adminUserId = await insertStaffUser(api.deps.db, 'admin');
  admin = api.tokenFor({ kind: 'user', userId: adminUserId, role: 'admin' });
  lagos = await insertFacility(api.deps.db, 'Africa/Lagos');
  nairobi = await insertFacility(api.deps.db, 'Africa/Nairobi');
});
afterAll(async () => {
  await api.close();
});

let licence = 0;
async function register(overrides: Record<string, unknown> = {}) {
  const userId = await insertStaffUser(api.deps.db, 'practitioner');
  licence += 1;
  const response = await api.call('POST', '/api/v1/practitioners', {
    token: admin,
    body: {
      userId,
      fullName: `Dr Awa ${licence}`,
      specialties: ['pediatrics'],
      languages: ['fr', 'wo'],
      licenceNumber: `SN-${licence}`,
      facilityIds: [lagos, nairobi],
      timeZone: 'Europe/Paris',
      ...overrides,
    },
  });
  return { response, userId, token: api.tokenFor({ kind: 'user', userId, role: 'practitioner' }) };
}

const verify = (id: string, status = 'verified') =>
  api.call('POST', `/api/v1/practitioners/${id}/verification`, {
    token: admin,
    body: { status, notes: 'licence checked' },
  });

describe('practitioners', () => {
  it('keeps the specialty codes in step with the triage findings file', () => {
    const file = path.resolve(__dirname, '../../../../shared/triage/findings.json');
    if (!existsSync(file)) return;
    const findings: unknown = JSON.parse(readFileSync(file, 'utf8'));
    const specialties =
      typeof findings === 'object' && findings !== null && 'specialties' in findings ? findings.specialties : undefined;
    expect(specialties).toEqual([...SPECIALTIES]);
  });

  it('registers a pending practitioner that the public cannot see until an admin verifies them', async () => {
    const { response } = await register();
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({
      verificationStatus: 'pending',
      facilityIds: [lagos, nairobi].sort(),
      rating: { count: 0 },
    });
    const id = response.body.id;
    expect((await api.call('GET', `/api/v1/practitioners/${id}`)).status).toBe(404);
    expect(
      (await api.call('GET', '/api/v1/practitioners?limit=200')).body.items.map((p: { id: string }) => p.id),
    ).not.toContain(id);
    const verified = await verify(id);
    expect(verified.body).toMatchObject({
      verificationStatus: 'verified',
      verifiedBy: adminUserId,
      verificationNotes: 'licence checked',
      verifiedAt: '2026-11-30T06:00:00.000Z',
    });
    const publicView = await api.call('GET', `/api/v1/practitioners/${id}`);
    expect(publicView.status).toBe(200);
    expect(publicView.body.licenceNumber).toBeUndefined();
    const audit = await api.deps.db.query(
      "SELECT 1 FROM audit_log WHERE action = 'practitioner.verification_changed' AND record_id = $1",
      [id],
    );
    expect(audit.rowCount).toBe(1);
  });

  it('refuses a duplicate licence number with 409 and a non-practitioner account with 400', async () => {
    const first = await register({ licenceNumber: 'DUP-1' });
    expect(first.response.status).toBe(201);
    expect((await register({ licenceNumber: 'DUP-1' })).response.status).toBe(409);
    const adminAccount = await insertStaffUser(api.deps.db, 'admin');
    const wrongRole = await register({ userId: adminAccount });
    expect(wrongRole.response.status).toBe(400);
    expect(wrongRole.response.body.errors).toEqual([expect.objectContaining({ path: 'body.userId' })]);
  });

  it('answers unknown specialties, languages and zones with 400 field errors and writes nothing', async () => {
    const before = (await api.deps.db.query('SELECT id FROM practitioners')).rowCount;
    const { response } = await register({
      specialties: ['astrology'],
      languages: ['French'],
      timeZone: 'Mars/Olympus',
    });
    expect(response.status).toBe(400);
    expect(response.body.errors.map((e: { path: string }) => e.path)).toEqual(
      expect.arrayContaining(['body.specialties.0', 'body.languages.0', 'body.timeZone']),
    );
    expect((await api.deps.db.query('SELECT id FROM practitioners')).rowCount).toBe(before);
  });

  it('does not let a practitioner verify themself, nor change their own specialties', async () => {
    const { response, token } = await register();
    const id = response.body.id;
    expect(
      (await api.call('POST', `/api/v1/practitioners/${id}/verification`, { token, body: { status: 'verified' } }))
        .status,
    ).toBe(403);
    expect(
      (await api.call('PATCH', `/api/v1/practitioners/${id}`, { token, body: { specialties: ['surgery'] } })).status,
    ).toBe(403);
    const own = await api.call('PATCH', `/api/v1/practitioners/${id}`, {
      token,
      body: { languages: ['fr', 'en'], bioEn: 'Paediatrician' },
    });
    expect(own.body).toMatchObject({
      languages: ['fr', 'en'],
      bio: { en: 'Paediatrician' },
      verificationStatus: 'pending',
    });
  });

  it('lets admins filter by status and specialty, and pages by cursor', async () => {
    for (let index = 0; index < 3; index += 1)
      await verify((await register({ specialties: ['dentistry'] })).response.body.id);
    const page1 = await api.call('GET', '/api/v1/practitioners?specialty=dentistry&limit=2');
    expect(page1.body.items).toHaveLength(2);
    const page2 = await api.call(
      'GET',
      `/api/v1/practitioners?specialty=dentistry&limit=2&cursor=${page1.body.nextCursor}`,
    );
    expect(page2.body.items).toHaveLength(1);
    expect(page2.body.nextCursor).toBeNull();
    const pending = await api.call('GET', '/api/v1/practitioners?status=pending&limit=200', { token: admin });
    expect(pending.body.items.length).toBeGreaterThan(0);
    expect(pending.body.items.every((p: { verificationStatus: string }) => p.verificationStatus === 'pending')).toBe(
      true,
    );
    const publicAsksPending = await api.call('GET', '/api/v1/practitioners?status=pending&limit=200');
    expect(
      publicAsksPending.body.items.every((p: { verificationStatus: string }) => p.verificationStatus === 'verified'),
    ).toBe(true);
  });
});

describe('availability and slots', () => {
  it('replaces the weekly schedule, taking the facility zone for in-person and the practitioner zone for remote sessions', async () => {
    const { response, token } = await register();
    const id = response.body.id;
    await verify(id);
    const put = await api.call('PUT', `/api/v1/practitioners/${id}/availability`, {
      token,
      body: {
        rules: [
          { weekday: 3, start: '09:00', end: '10:00', slotMinutes: 30, facilityId: lagos },
          { weekday: 3, start: '09:00', end: '10:00', slotMinutes: 30, facilityId: nairobi },
          { weekday: 3, start: '18:00', end: '19:00', slotMinutes: 60 },
        ],
      },
    });
    expect(put.status).toBe(200);
    expect(put.body.rules.map((r: { timeZone: string }) => r.timeZone).sort()).toEqual([
      'Africa/Lagos',
      'Africa/Nairobi',
      'Europe/Paris',
    ]);
    const slots = await api.call(
      'GET',
      `/api/v1/practitioners/${id}/slots?from=2026-12-02T00:00:00Z&to=2026-12-03T00:00:00Z`,
    );
    expect(slots.body.slots.map((s: { startsAt: string; mode: string }) => `${s.startsAt} ${s.mode}`)).toEqual([
      '2026-12-02T06:00:00.000Z in_person',
      '2026-12-02T06:30:00.000Z in_person',
      '2026-12-02T08:00:00.000Z in_person',
      '2026-12-02T08:30:00.000Z in_person',
      '2026-12-02T17:00:00.000Z remote',
    ]);
    const lagosOnly = await api.call(
      'GET',
      `/api/v1/practitioners/${id}/slots?from=2026-12-02T00:00:00Z&to=2026-12-03T00:00:00Z&facilityId=${lagos}`,
    );
    expect(lagosOnly.body.slots).toHaveLength(2);
  });

  it('refuses a rule at a facility the practitioner does not work at, and keeps the old schedule', async () => {
    const { response, token } = await register({ facilityIds: [lagos] });
    const id = response.body.id;
    await api.call('PUT', `/api/v1/practitioners/${id}/availability`, {
      token,
      body: { rules: [{ weekday: 1, start: '08:00', end: '12:00', facilityId: lagos }] },
    });
    const refused = await api.call('PUT', `/api/v1/practitioners/${id}/availability`, {
      token,
      body: {
        rules: [
          { weekday: 2, start: '08:00', end: '12:00', facilityId: nairobi },
          { weekday: 2, start: '12:00', end: '11:00' },
        ],
      },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.errors.map((e: { path: string }) => e.path)).toEqual(['body.rules.1.end']);
    const refusedFacility = await api.call('PUT', `/api/v1/practitioners/${id}/availability`, {
      token,
      body: { rules: [{ weekday: 2, start: '08:00', end: '12:00', facilityId: nairobi }] },
    });
    expect(refusedFacility.body.errors).toEqual([expect.objectContaining({ path: 'body.rules.0.facilityId' })]);
    const kept = await api.call('GET', `/api/v1/practitioners/${id}/availability`, { token });
    expect(kept.body.rules).toEqual([expect.objectContaining({ weekday: 1, start: '08:00', end: '12:00' })]);
  });

  it('removes leave from the slots and adds extra sessions; another practitioner gets 404 on the schedule', async () => {
    const { response, token } = await register();
    const id = response.body.id;
    await verify(id);
    await api.call('PUT', `/api/v1/practitioners/${id}/availability`, {
      token,
      body: { rules: [{ weekday: 3, start: '09:00', end: '11:00', slotMinutes: 60, facilityId: lagos }] },
    });
    const leave = await api.call('POST', `/api/v1/practitioners/${id}/availability/exceptions`, {
      token,
      body: {
        kind: 'unavailable',
        startsAt: '2026-12-02T08:00:00Z',
        endsAt: '2026-12-02T09:00:00Z',
        note: 'formation',
      },
    });
    expect(leave.status).toBe(201);
    await api.call('POST', `/api/v1/practitioners/${id}/availability/exceptions`, {
      token,
      body: {
        kind: 'available',
        startsAt: '2026-12-05T10:00:00+01:00',
        endsAt: '2026-12-05T11:00:00+01:00',
        slotMinutes: 30,
        facilityId: lagos,
      },
    });
    const slots = await api.call(
      'GET',
      `/api/v1/practitioners/${id}/slots?from=2026-12-01T00:00:00Z&to=2026-12-07T00:00:00Z`,
    );
    expect(slots.body.slots.map((s: { startsAt: string }) => s.startsAt)).toEqual([
      '2026-12-02T09:00:00.000Z',
      '2026-12-05T09:00:00.000Z',
      '2026-12-05T09:30:00.000Z',
    ]);
    const stranger = await register();
    expect((await api.call('GET', `/api/v1/practitioners/${id}/availability`, { token: stranger.token })).status).toBe(
      404,
    );
    const removed = await api.call('DELETE', `/api/v1/practitioners/${id}/availability/exceptions/${leave.body.id}`, {
      token,
    });
    expect(removed.status).toBe(204);
    const after = await api.call(
      'GET',
      `/api/v1/practitioners/${id}/slots?from=2026-12-01T00:00:00Z&to=2026-12-03T00:00:00Z`,
    );
    expect(after.body.slots).toHaveLength(2);
  });

  it('hides the slots of an unverified practitioner from the public', async () => {
    const { response } = await register();
    expect((await api.call('GET', `/api/v1/practitioners/${response.body.id}/slots`)).status).toBe(404);
  });

  it('answers a slot window that is reversed or longer than 31 days with 400', async () => {
    const { response } = await register();
    await verify(response.body.id);
    expect(
      (await api.call('GET', `/api/v1/practitioners/${response.body.id}/slots?to=2100-01-01T00:00:00Z`)).status,
    ).toBe(400);
    expect(
      (
        await api.call(
          'GET',
          `/api/v1/practitioners/${response.body.id}/slots?from=2026-12-05T00:00:00Z&to=2026-12-01T00:00:00Z`,
        )
      ).status,
    ).toBe(400);
  });
});
