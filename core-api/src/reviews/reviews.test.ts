import { startTestCoreApi, type TestCoreApi } from '../../test/harness';
import {
  insertAppointment,
  insertFacility,
  insertPatient,
  insertPractitioner,
  insertStaffUser,
} from '../appointments/scheduling-fixtures';

let api: TestCoreApi;
let admin: string;
let gateway: string;
let practitioner: string;
let facility: string;
let patient: string;
let hour = 0;

beforeAll(async () => {
  api = await startTestCoreApi();
  admin = api.tokenFor({ kind: 'user', userId: await insertStaffUser(api.deps.db, 'admin'), role: 'admin' });
  gateway = api.tokenFor({ kind: 'client', clientId: 'bot-gateway', scopes: ['gateway'] });
  practitioner = await insertPractitioner(api.deps.db);
  facility = await insertFacility(api.deps.db);
  patient = await insertPatient(api.deps.db);
});
afterAll(async () => {
  await api.close();
});

const appointment = (status: string, practitionerId = practitioner) =>
  insertAppointment(api.deps.db, {
    practitionerId,
    patientId: patient,
    startsAt: new Date(Date.UTC(2026, 5, 1) + (hour += 1) * 3_600_000),
    status,
    facilityId: facility,
  });

const review = (appointmentId: string, rating = 5, patientId = patient, token = gateway) =>
  api.call('POST', '/api/v1/reviews', {
    token,
    body: { appointmentId, patientId, rating, comment: 'Très bien reçu, merci' },
  });

describe('reviews', () => {
  it('takes one review per completed appointment: the second gets 409 and the count stays one', async () => {
    const id = await appointment('completed');
    const first = await review(id);
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      state: 'pending',
      rating: 5,
      facilityId: facility,
      practitionerId: practitioner,
    });
    expect((await review(id, 1)).status).toBe(409);
    expect((await api.deps.db.query('SELECT 1 FROM reviews WHERE appointment_id = $1', [id])).rowCount).toBe(1);
  });

  it('refuses another patient with 403, an appointment not completed with 409, staff tokens with 403', async () => {
    const id = await appointment('completed');
    expect((await review(id, 4, await insertPatient(api.deps.db))).status).toBe(403);
    expect((await review(await appointment('confirmed'))).status).toBe(409);
    expect((await review(id, 4, patient, admin)).status).toBe(403);
    expect((await review(id, 9)).status).toBe(400);
    expect((await api.deps.db.query('SELECT 1 FROM reviews WHERE appointment_id = $1', [id])).rowCount).toBe(0);
  });

  it('shows the public only published reviews, admins every state, after an audited moderation', async () => {
    const other = await insertPractitioner(api.deps.db);
    const kept = await review(await appointment('completed', other), 4);
    const dropped = await review(await appointment('completed', other), 1);
    expect((await api.call('GET', `/api/v1/reviews?practitionerId=${other}`)).body.items).toEqual([]);
    const published = await api.call('POST', `/api/v1/reviews/${kept.body.id}/moderation`, {
      token: admin,
      body: { state: 'published' },
    });
    expect(published.body.state).toBe('published');
    await api.call('POST', `/api/v1/reviews/${dropped.body.id}/moderation`, {
      token: admin,
      body: { state: 'rejected', note: 'insultes' },
    });
    const publicList = await api.call('GET', `/api/v1/reviews?practitionerId=${other}&state=rejected`);
    expect(publicList.body.items.map((r: { id: string }) => r.id)).toEqual([kept.body.id]);
    expect(publicList.body.items[0].patientId).toBeUndefined();
    const adminList = await api.call('GET', `/api/v1/reviews?practitionerId=${other}`, { token: admin });
    expect(adminList.body.items).toHaveLength(2);
    expect((await api.deps.db.query("SELECT 1 FROM audit_log WHERE action = 'review.moderated'")).rowCount).toBe(2);
    const profile = await api.call('GET', `/api/v1/practitioners/${other}`);
    expect(profile.body.rating.count).toBe(1);
  });

  it('ranks a practitioner with two hundred 4.7 reviews above one with a single 5', async () => {
    const newcomer = await insertPractitioner(api.deps.db);
    const veteran = await insertPractitioner(api.deps.db);
    await review(await appointment('completed', newcomer), 5);
    await api.deps.db.query(
      `WITH a AS (
         INSERT INTO appointments (practitioner_id, patient_id, mode, starts_at, ends_at, status)
         SELECT $1, $2, 'remote', t, t + interval '30 minutes', 'completed'
           FROM generate_series(timestamptz '2025-01-01', timestamptz '2025-01-01' + interval '199 hours', interval '1 hour') AS t
         RETURNING id, starts_at)
       INSERT INTO reviews (appointment_id, patient_id, practitioner_id, rating, moderation_state)
       SELECT id, $2, $1, CASE WHEN row_number() OVER (ORDER BY starts_at) <= 140 THEN 5 ELSE 4 END, 'published' FROM a`,
      [veteran, patient],
    );
    const a = await api.call('GET', `/api/v1/practitioners/${newcomer}`);
    const b = await api.call('GET', `/api/v1/practitioners/${veteran}`);
    expect(b.body.rating.count).toBe(200);
    expect(b.body.rating.rating).toBeGreaterThan(a.body.rating.rating);
  });
});
